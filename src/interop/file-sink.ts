// Sequential file output for the safetensors writers. Where the filesystem allows it (Linux,
// O_DIRECT), bytes are staged in two aligned buffers and written around the page cache: a buffered
// write of a multi-GB checkpoint spends as much CPU in the kernel copying into the page cache (and
// in writeback afterwards) as the initializers spend drawing the values — measured on a 2-core VM:
// 2.7 s of system time per GB buffered, next to about 0.1 s direct — so independent ranks on one
// machine would fight over the cores for the kernel's copies rather than for the draws. Elsewhere
// (tmpfs, macOS, Windows, a device refusing the probe) it is the ordinary buffered write. The file's
// bytes are the same either way.
import { constants, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** An append-only output file. */
export interface FileSink {
  /** `'direct'` (O_DIRECT through aligned staging) or `'buffered'`. */
  readonly mode: 'direct' | 'buffered';
  /**
   * Appends `bytes`. They may be read until the next `append` (or `close`) resolves, so a caller
   * with two buffers can fill one while the other is being written.
   */
  append(bytes: Uint8Array): Promise<void>;
  /** Writes what is left, sets the exact length and closes the file. */
  close(): Promise<void>;
  /** Closes the file without finishing it (after an error); never throws. */
  abort(): Promise<void>;
}

// File offsets and lengths of direct writes: a multiple of the page size satisfies any logical
// block size (512 or 4096); the staging buffers are a multiple of it too.
const ALIGN = 4096;
/** Bytes per staging buffer (two are used): large writes keep the device queue full. */
export const STAGE_BYTES = 16 * 2 ** 20;

/**
 * Opens `path` for writing (created or truncated): direct when `O_DIRECT` exists and a probe
 * write through an aligned staging buffer succeeds, buffered otherwise. `stageBytes` (a multiple of
 * 4096) is each staging buffer's size.
 */
export async function openSink(path: string, stageBytes = STAGE_BYTES): Promise<FileSink> {
  const direct = (constants as { O_DIRECT?: number }).O_DIRECT;
  if (direct !== undefined) {
    let fh: FileHandle | undefined;
    try {
      fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | direct, 0o644);
    } catch {
      fh = undefined; // the filesystem refuses O_DIRECT (tmpfs): buffered below
    }
    if (fh !== undefined) {
      const stages = alignedStages(fh.fd, stageBytes);
      if (stages !== undefined) return directSink(fh, stages, stageBytes);
      await fh.close();
    }
  }
  return bufferedSink(await open(path, 'w'));
}

/**
 * Two `size`-byte views of one allocation, at an address the device accepts for direct I/O. JS
 * cannot see an ArrayBuffer's address, so offsets (16-byte steps: allocations are 16-aligned) are
 * probed with a one-page write at file offset 0, which the stream overwrites later. Undefined when
 * none is accepted.
 */
function alignedStages(fd: number, size: number): [Uint8Array, Uint8Array] | undefined {
  const memory = new Uint8Array(2 * size + ALIGN);
  for (let off = 0; off < ALIGN; off += 16) {
    try {
      if (writeSync(fd, memory, off, ALIGN, 0) !== ALIGN) continue;
    } catch {
      continue;
    }
    // Same allocation, so `off + size` is as aligned as `off` (size is a multiple of ALIGN).
    return [memory.subarray(off, off + size), memory.subarray(off + size, off + 2 * size)];
  }
  return undefined;
}

function directSink(fh: FileHandle, stages: [Uint8Array, Uint8Array], size: number): FileSink {
  let current = 0;
  let fill = 0;
  let position = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async (bytes: number): Promise<void> => {
    await inFlight; // the other stage is free again before we switch to it
    const stage = stages[current]!;
    const at = position;
    position += bytes;
    const padded = Math.ceil(bytes / ALIGN) * ALIGN;
    if (padded > bytes) stage.fill(0, bytes, padded); // the tail page; close() truncates it away
    inFlight = fh.write(stage, 0, padded, at).then(({ bytesWritten }) => {
      if (bytesWritten !== padded) throw new Error(`short write: ${bytesWritten} of ${padded} bytes at ${at}`);
    });
    inFlight.catch(() => undefined); // awaited by the next flush or close
    current ^= 1;
    fill = 0;
  };
  return {
    mode: 'direct',
    async append(bytes) {
      for (let off = 0; off < bytes.length;) {
        const n = Math.min(size - fill, bytes.length - off);
        stages[current]!.set(bytes.subarray(off, off + n), fill);
        fill += n;
        off += n;
        if (fill === size) await flush(size);
      }
    },
    async close() {
      if (fill > 0) await flush(fill);
      await inFlight;
      await fh.truncate(position);
      await fh.close();
    },
    async abort() {
      await inFlight.catch(() => undefined);
      await fh.close().catch(() => undefined);
    },
  };
}

function bufferedSink(fh: FileHandle): FileSink {
  let position = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    mode: 'buffered',
    async append(bytes) {
      await inFlight; // the caller's previous buffer is free once this resolves
      const at = position;
      position += bytes.length;
      inFlight = fh.write(bytes, 0, bytes.length, at);
      inFlight.catch(() => undefined);
    },
    async close() {
      await inFlight;
      await fh.close();
    },
    async abort() {
      await inFlight.catch(() => undefined);
      await fh.close().catch(() => undefined);
    },
  };
}
