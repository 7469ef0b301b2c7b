import { constants } from "node:fs";
import { open } from "node:fs/promises";

export type BoundedRead =
  | { ok: true; content: Buffer }
  | { ok: false; reason: "not-regular"; kind: string }
  | { ok: false; reason: "too-large"; size: number }
  | { ok: false; reason: "changed" };

/**
 * Reads a file only when it is a regular file of at most `maxBytes`. A symlink to /dev/zero once made
 * validate read until it held 10 GB; a FIFO would block forever. The size is checked on the open handle
 * (fstat), so the file cannot be swapped between the check and the read, and the read stops one
 * byte past the size fstat reported even if the file grows meanwhile. O_NONBLOCK keeps open() itself from waiting on a FIFO.
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<BoundedRead> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: "not-regular", kind: describeKind(info) };
    if (info.size > maxBytes) return { ok: false, reason: "too-large", size: info.size };
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, reason: "too-large", size: length };
    // More bytes than fstat reported: the file is being written right now; reading a torn copy helps no one.
    if (length > info.size) return { ok: false, reason: "changed" };
    return { ok: true, content: buffer.subarray(0, length) };
  } finally {
    await handle.close();
  }
}

function describeKind(info: { isDirectory(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return "a directory";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}
