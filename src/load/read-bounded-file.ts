import { constants } from "node:fs";
import { open } from "node:fs/promises";

export type BoundedRead = { ok: true; content: Buffer } | { ok: false; reason: "not-regular"; kind: string } | { ok: false; reason: "too-large"; size: number };

/**
 * Reads a file only when it is a regular file of at most `maxBytes`. A symlink to /dev/zero once made
 * validate read until it held 10 GB; a FIFO would block forever. The size is checked on the open handle
 * (fstat), so the file cannot be swapped between the check and the read, and no more than the size
 * fstat reported is read even if the file grows meanwhile. O_NONBLOCK keeps open() itself from waiting on a FIFO.
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<BoundedRead> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: "not-regular", kind: describeKind(info) };
    if (info.size > maxBytes) return { ok: false, reason: "too-large", size: info.size };
    // Exactly the size fstat reported: a file that grows meanwhile is read as it was, never further.
    const buffer = Buffer.alloc(info.size);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
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
