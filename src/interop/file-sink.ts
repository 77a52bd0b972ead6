// Sequential file output for the safetensors writers, with the working memory the values are drawn
// into. Where the filesystem allows it (Linux, O_DIRECT), that memory is four aligned stages written
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
  /**
   * Appends `bytes` zero bytes, writing none of the whole pages among them: they stay a hole of the
   * file (sparse; it reads as zeros), so a zero-initialised tensor costs no disk bandwidth.
   */
  skip(bytes: number): Promise<void>;
  /** Writes what is left, sets the exact length and closes the file. */
  close(): Promise<void>;
  /** Closes the file without finishing it (after an error); never throws. */
  abort(): Promise<void>;
}

// File offsets and lengths of direct writes: a multiple of the page size satisfies any logical
// block size (512 or 4096); the stages are a multiple of it too.
const ALIGN = 4096;
/** Stages of a direct sink: the working memory in quarters, up to three writes in flight. */
const STAGES = 4;

/**
 * Opens `path` for writing (created or truncated) with `memoryBytes` of working memory: direct
 * (four stages) when `O_DIRECT` exists, a quarter of the memory holds at least a page and a probe
 * write through an aligned stage succeeds; buffered (two halves) otherwise. `shared`: the memory is
 * a SharedArrayBuffer (worker threads draw into it).
 */
export async function openSink(path: string, memoryBytes: number, shared: boolean): Promise<FileSink> {
  const direct = (constants as { O_DIRECT?: number }).O_DIRECT;
  const stage = Math.floor(memoryBytes / STAGES / ALIGN) * ALIGN;
  if (direct !== undefined && stage > 0) {
    let fh: FileHandle | undefined;
    try {
      fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | direct, 0o644);
    } catch {
      fh = undefined; // the filesystem refuses O_DIRECT (tmpfs): buffered below
    }
    if (fh !== undefined) {
      const aligned = alignedStages(fh.fd, stage, shared);
      if (aligned !== undefined) return directSink(fh, aligned.stages, () => giveBack(aligned.memory, shared));
      await fh.close();
    }
  }
  return bufferedSink(await open(path, 'w'), Math.floor(memoryBytes / 2 / 8) * 8, shared);
}

function bytesOf(n: number, shared: boolean): Uint8Array {
  return new Uint8Array(shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
}

// The last finished sink's memory, handed to the next one of the same size and kind: a sharded
// checkpoint opens one file after another, and fresh memory costs its page faults and zeroing
// every time (tens of milliseconds per file). Taken out while in use, so concurrent sinks never share.
let spare: { memory: Uint8Array; shared: boolean } | undefined;
function takeMemory(n: number, shared: boolean): Uint8Array {
  const s = spare;
  if (s !== undefined && s.memory.length === n && s.shared === shared) {
    spare = undefined;
    return s.memory;
  }
  return bytesOf(n, shared);
}
function giveBack(memory: Uint8Array, shared: boolean): void {
  spare = { memory, shared };
}

/**
 * STAGES `size`-byte views of one allocation, at an address the device accepts for direct I/O, and
 * the allocation. JS cannot see an ArrayBuffer's address, so offsets (16-byte steps: allocations
 * are 16-aligned) are probed with a one-page write at file offset 0, which the stream overwrites
 * later. Undefined (the memory given back) when none is accepted.
 */
function alignedStages(fd: number, size: number, shared: boolean): { stages: Uint8Array[]; memory: Uint8Array } | undefined {
  const memory = takeMemory(STAGES * size + ALIGN, shared);
  for (let off = 0; off < ALIGN; off += 16) {
    try {
      if (writeSync(fd, memory, off, ALIGN, 0) !== ALIGN) continue;
    } catch {
      continue;
    }
    // Same allocation, so `off + k·size` is as aligned as `off` (size is a multiple of ALIGN).
    return { stages: Array.from({ length: STAGES }, (_, k) => memory.subarray(off + k * size, off + (k + 1) * size)), memory };
  }
  giveBack(memory, shared);
  return undefined;
}

function directSink(fh: FileHandle, stages: readonly Uint8Array[], release: () => void): FileSink {
  const size = stages[0]!.length;
  let current = 0;
  let fill = 0;
  let position = 0;
  // The write in flight from each stage: while one stage is filled the others are on their way to
  // the device, so a burst of cheap values (zeros, uniforms) does not stall on one write.
  const pending: Promise<unknown>[] = stages.map(() => Promise.resolve());
  const flush = async (bytes: number): Promise<void> => {
    const stage = stages[current]!;
    const at = position;
    position += bytes;
    const padded = Math.ceil(bytes / ALIGN) * ALIGN;
    if (padded > bytes) stage.fill(0, bytes, padded); // the tail page; close() truncates it away
    const write = fh.write(stage, 0, padded, at).then(({ bytesWritten }) => {
      if (bytesWritten !== padded) throw new Error(`short write: ${bytesWritten} of ${padded} bytes at ${at}`);
    });
    write.catch(() => undefined); // awaited before the stage is reused, or by close
    pending[current] = write;
    current = (current + 1) % stages.length;
    fill = 0;
    await pending[current]; // the next stage is free once its last write is done
  };
  const settled = (): Promise<unknown> => Promise.all(pending);
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
    async skip(bytes) {
      const zeros = async (n: number): Promise<void> => {
        for (let left = n; left > 0;) {
          const k = Math.min(size - fill, left);
          stages[current]!.fill(0, fill, fill + k);
          left -= k;
          await this.commit(k);
        }
      };
      // Zeros up to the file's next page boundary go through the stage; then the stage (page-aligned
      // now) is written, the whole pages are skipped, and the rest goes through the stage again.
      const head = Math.min(bytes, (ALIGN - ((position + fill) % ALIGN)) % ALIGN);
      await zeros(head);
      const hole = Math.floor((bytes - head) / ALIGN) * ALIGN;
      if (hole > 0) {
        if (fill > 0) await flush(fill);
        position += hole;
      }
      await zeros(bytes - head - hole);
    },
    async close() {
      if (fill > 0) await flush(fill);
      await settled();
      await fh.truncate(position);
      await fh.close();
      release();
    },
    async abort() {
      await settled().catch(() => undefined);
      await fh.close().catch(() => undefined);
      release();
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
    async skip(bytes) {
      position += bytes; // writes at explicit offsets: the gap is a hole
    },
    async close() {
      await inFlight;
      await fh.truncate(position); // a file ending in a hole gets its length
      await fh.close();
    },
    async abort() {
      await inFlight.catch(() => undefined);
      await fh.close().catch(() => undefined);
    },
  };
}
