import { isIP } from "node:net";

/** localhost, 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). Names other than localhost are not trusted to resolve locally. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || /^::ffff:127\./.test(host) || /^::ffff:7f[0-9a-f]{2}:/.test(host) || host === "0:0:0:0:0:0:0:1";
  return false;
}
