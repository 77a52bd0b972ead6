// The block counter's arithmetic for the backends' fills: a fill's blocks split into spans in
// which counter word 0 does not wrap (the kernels take four words and never carry), and gathered
// runs of flat positions mapped to their blocks. Kernel-layer helpers of ./backend.ts.
import { PER_BLOCK } from './abi.js';
import type { FillTarget } from './reference/sample.js';

/**
 * Contiguous runs of a tensor's flat positions, visited in order: flat `start`, index `at` in the
 * result, `length` (> 0). A slice's row segments are such runs; `fillRuns` gathers them.
 */
export type Runs = (visit: (start: number, at: number, length: number) => void) => void;

const MASK32 = 0xffffffffn;
const MASK128 = (1n << 128n) - 1n;

/**
 * Splits blocks [counter, counter + blocks) into spans of at most `maxBlocks` in which counter word 0
 * does not wrap, so kernels never carry; `fn` gets the span's four counter words, its length and
 * its first block relative to `counter`.
 */
export function forEachSpan(counter: bigint, blocks: number, maxBlocks: number,
  fn: (c0: number, c1: number, c2: number, c3: number, n: number, first: number) => void): void {
  for (let done = 0; done < blocks;) {
    const c = (counter + BigInt(done)) & MASK128;
    const c0 = Number(c & MASK32);
    const n = Math.min(blocks - done, maxBlocks, 2 ** 32 - c0);
    fn(c0, Number((c >> 32n) & MASK32), Number((c >> 64n) & MASK32), Number(c >> 96n), n, done);
    done += n;
  }
}

const TWO32 = 4294967296;

/**
 * The body of every backend's `fillRuns`: for each run, the blocks from counter + ⌊start/4⌋ are made
 * `maxBlocks` at a time by `blocks(c0, c1, c2, c3, n)` (which returns a scratch holding their 4n
 * values) and the run's values copied out, dropping the first start % 4. The counter is split into
 * words once and advanced in float64 arithmetic (block offsets < 2^53, carries by hand), so a run
 * costs no BigInt and no allocation; spans never wrap counter word 0, as in {@link forEachSpan}.
 */
export function gatherRuns(counter: bigint, runs: Runs, maxBlocks: number, dst: FillTarget,
  blocks: (c0: number, c1: number, c2: number, c3: number, n: number) => FillTarget): void {
  const w0 = Number(counter & MASK32), w1 = Number((counter >> 32n) & MASK32);
  const w2 = Number((counter >> 64n) & MASK32), w3 = Number((counter >> 96n) & MASK32);
  runs((start, at, length) => {
    let block = Math.floor(start / PER_BLOCK);
    let skip = start - block * PER_BLOCK;
    let left = length;
    let to = at;
    while (left > 0) {
      const lo = w0 + (block % TWO32);
      const c0 = lo % TWO32;
      const mid = w1 + Math.floor(block / TWO32) + (lo >= TWO32 ? 1 : 0);
      const c1 = mid % TWO32;
      const high = w2 + (mid >= TWO32 ? 1 : 0);
      const c2 = high % TWO32;
      const c3 = (w3 + (high >= TWO32 ? 1 : 0)) % TWO32;
      const n = Math.min(Math.ceil((skip + left) / PER_BLOCK), maxBlocks, TWO32 - c0);
      const src = blocks(c0, c1, c2, c3, n);
      const take = Math.min(left, PER_BLOCK * n - skip);
      // Short runs (a column slice's rows) copy by hand: a subarray view per run would cost more.
      dst.set(src.subarray(skip, skip + take), to);
      block += n;
      left -= take;
      to += take;
      skip = 0;
    }
  });
}
