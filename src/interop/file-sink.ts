// Sequential file output for the safetensors writers, with the working memory the values are drawn
// into. Where the filesystem allows it (Linux, O_DIRECT), that memory is two aligned stages written
// around the page cache: a buffered write of a multi-GB checkpoint spends as much CPU in the kernel
// copying into the page cache (and in writeback afterwards) as the initializers spend drawing the
// values — measured on a 2-core VM: 2.7 s of system time per GB buffered, about 0.2 s direct — so
// independent ranks on one machine would fight over the cores for the kernel's copies rather than
// for the draws. Elsewhere (tmpfs, macOS, Windows, a device refusing the probe) it is the ordinary
// buffered write from two halves. The initializers draw straight into the sink's memory; the
// file's bytes are the same either way.
import { constants, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** An append-only output file and the memory its next bytes are made in. */
export interface FileSink {
  /** `'direct'` (O_DIRECT from aligned stages) or `'buffered'`. */
  readonly mode: 'direct' | 'buffered';
  /**
   * Where the next bytes of the file go: fill a prefix of it, then {@link commit} that many bytes.
   * Never empty; it starts on an 8-byte boundary of its buffer plus the bytes committed since, so
   * while every commit is a whole number of elements (and the header a multiple of 8 bytes), typed
   * views of the elements line up and it holds a whole number of them. At most half the memory.
   */
  region(): Uint8Array;
  /** Appends the first `bytes` bytes of the last {@link region}; a later region may reuse memory once this resolves. */
  commit(bytes: number): Promise<void>;
  /** Appends a copy of `bytes` (the header, a tensor made whole). */
  append(bytes: Uint8Array): Promise<void>;
  /** Writes what is left, sets the exact length and closes the file. */
  close(): Promise<void>;
  /** Closes the file without finishing it (after an error); never throws. */
  abort(): Promise<void>;
}

// File offsets and lengths of direct writes: a multiple of the page size satisfies any logical
// block size (512 or 4096); the stages are a multiple of it too.
const ALIGN = 4096;

/**
 * Opens `path` for writing (created or truncated) with `memoryBytes` of working memory in two
 * halves: direct when `O_DIRECT` exists, each half holds at least a page and a probe write through
 * an aligned stage succeeds; buffered otherwise. `shared`: the memory is a SharedArrayBuffer (worker
 * threads draw into it).
 */
export async function openSink(path: string, memoryBytes: number, shared: boolean): Promise<FileSink> {
  const direct = (constants as { O_DIRECT?: number }).O_DIRECT;
  const stage = Math.floor(memoryBytes / 2 / ALIGN) * ALIGN;
  if (direct !== undefined && stage > 0) {
    let fh: FileHandle | undefined;
    try {
      fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | direct, 0o644);
    } catch {
      fh = undefined; // the filesystem refuses O_DIRECT (tmpfs): buffered below
    }
    if (fh !== undefined) {
      const stages = alignedStages(fh.fd, stage, shared);
      if (stages !== undefined) return directSink(fh, stages);
      await fh.close();
    }
  }
  return bufferedSink(await open(path, 'w'), Math.floor(memoryBytes / 2 / 8) * 8, shared);
}

function bytesOf(n: number, shared: boolean): Uint8Array {
  return new Uint8Array(shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
}

/**
 * Two `size`-byte views of one allocation, at an address the device accepts for direct I/O. JS
 * cannot see an ArrayBuffer's address, so offsets (16-byte steps: allocations are 16-aligned) are
 * probed with a one-page write at file offset 0, which the stream overwrites later. Undefined when
 * none is accepted.
 */
function alignedStages(fd: number, size: number, shared: boolean): [Uint8Array, Uint8Array] | undefined {
  const memory = bytesOf(2 * size + ALIGN, shared);
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

function directSink(fh: FileHandle, stages: [Uint8Array, Uint8Array]): FileSink {
  const size = stages[0].length;
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
    region: () => stages[current]!.subarray(fill),
    async commit(bytes) {
      fill += bytes;
      if (fill === size) await flush(size);
    },
    async append(bytes) {
      for (let off = 0; off < bytes.length;) {
        const n = Math.min(size - fill, bytes.length - off);
        stages[current]!.set(bytes.subarray(off, off + n), fill);
        off += n;
        await this.commit(n);
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

function bufferedSink(fh: FileHandle, half: number, shared: boolean): FileSink {
  const halves = [bytesOf(half, shared), bytesOf(half, shared)];
  let which = 0;
  let position = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const write = async (bytes: Uint8Array): Promise<void> => {
    await inFlight; // the previous write is done: its memory is free again
    const at = position;
    position += bytes.length;
    inFlight = fh.write(bytes, 0, bytes.length, at);
    inFlight.catch(() => undefined);
  };
  return {
    mode: 'buffered',
    region: () => halves[which]!,
    async commit(bytes) {
      await write(halves[which]!.subarray(0, bytes));
      which ^= 1;
    },
    async append(bytes) {
      await write(bytes);
      await inFlight; // `bytes` is the caller's: let it go before returning
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
