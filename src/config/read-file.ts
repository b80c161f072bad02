/**
 * Reading a file the config names (the config itself, a CA file) without trusting what it is: only a
 * regular file, only up to a size limit. A FIFO would block the read forever and /dev/zero would fill
 * the memory, so the file is opened without blocking and looked at before a byte is read.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export type FileRead = { ok: true; bytes: Buffer } | { ok: false; message: string };

export async function readRegularFile(file: string, limitBytes: number, what: string): Promise<FileRead> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: openFailure(error as NodeJS.ErrnoException, what) };
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { ok: false, message: `is a directory, not ${what}` };
    if (!info.isFile()) return { ok: false, message: `is not a regular file (a device, FIFO or socket); expected ${what}` };
    if (info.size > limitBytes) return { ok: false, message: `is ${info.size.toLocaleString('en-US')} bytes; ${what} may be at most ${limitBytes.toLocaleString('en-US')}` };
    const buffer = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { ok: true, bytes: buffer.subarray(0, filled) };
  } catch (error) {
    return { ok: false, message: openFailure(error as NodeJS.ErrnoException, what) };
  } finally {
    await handle.close();
  }
}

function openFailure(error: NodeJS.ErrnoException, what: string): string {
  switch (error.code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return `is a directory, not ${what}`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read the file (${error.code ?? error.message})`;
  }
}
