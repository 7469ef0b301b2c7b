import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, port 0; close() also ends open (dripping) connections. */
export async function startLoopbackServer(handler: http.RequestListener): Promise<LoopbackServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers the token request like Symbl does, so tests can reach the trackers routes. */
export function answerToken(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (request.method !== "POST" || !request.url?.startsWith("/oauth2/token:generate")) return false;
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ accessToken: "token-for-security-tests-0123456789", expiresIn: 3600 }));
  return true;
}
