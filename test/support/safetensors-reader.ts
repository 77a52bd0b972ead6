// An independent reader of safetensors files and Hugging Face sharded checkpoints, written from
// the formats' descriptions (not using the library), so tests check the writer against the format
// rather than against itself.
//
// safetensors: 8 bytes little-endian u64 N, N bytes of UTF-8 JSON
//   { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: { string: string } },
//   then the byte buffer; offsets are relative to the buffer's start and cover it without gaps.
// Sharded checkpoint: model.safetensors.index.json = { metadata: { total_size }, weight_map:
//   { tensor name: file name } }, every tensor in exactly one file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One tensor read back: F32 as a Float32Array, BF16 and F16 as their raw bits. */
export interface ReadTensor {
  dtype: 'F32' | 'BF16' | 'F16';
  shape: number[];
  data: Float32Array | Uint16Array;
}

const WIDTH = { F32: 4, BF16: 2, F16: 2 } as const;

/** A safetensors file: tensors, header metadata, and the raw data section (for byte comparisons). */
export interface ReadFile {
  tensors: Map<string, ReadTensor>;
  metadata: Record<string, string>;
  dataBytes: Buffer;
}

/** Reads one safetensors file, checking the offsets tile the data section exactly. */
export function readSafetensorsFile(file: string): ReadFile {
  const bytes = readFileSync(file);
  const n = Number(bytes.readBigUInt64LE(0));
  if (n % 8 !== 0) throw new Error(`${file}: header length ${n} is not a multiple of 8`);
  const json = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>;
  const data = bytes.subarray(8 + n);
  const tensors = new Map<string, ReadTensor>();
  const spans: [number, number][] = [];
  for (const [name, info] of Object.entries(json)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: [b, e] } = info as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (dtype !== 'F32' && dtype !== 'BF16' && dtype !== 'F16') throw new Error(`${file}: ${name} has dtype ${dtype}, expected F32, BF16 or F16`);
    const width = WIDTH[dtype];
    if (e - b !== width * shape.reduce((x, y) => x * y, 1)) throw new Error(`${file}: ${name} offsets ${b}..${e} do not match shape ${shape}`);
    const out = dtype === 'F32' ? new Float32Array((e - b) / 4) : new Uint16Array((e - b) / 2);
    for (let i = 0; i < out.length; i++) out[i] = dtype === 'F32' ? data.readFloatLE(b + 4 * i) : data.readUInt16LE(b + 2 * i);
    tensors.set(name, { dtype, shape, data: out });
    spans.push([b, e]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  let at = 0;
  for (const [b, e] of spans) {
    if (b !== at) throw new Error(`${file}: gap or overlap at byte ${at}`);
    at = e;
  }
  if (at !== data.length) throw new Error(`${file}: data section is ${data.length} bytes, tensors cover ${at}`);
  return { tensors, metadata: (json.__metadata__ ?? {}) as Record<string, string>, dataBytes: data };
}

/** Index of a sharded checkpoint, as read. */
export interface ShardIndex {
  metadata: { total_size: number } & Record<string, unknown>;
  weight_map: Record<string, string>;
}

/**
 * Reads every tensor of a sharded checkpoint through its index, checking that each file holds
 * exactly the tensors the index maps to it and that `total_size` is the sum of tensor bytes.
 */
export function readShardedCheckpoint(dir: string): { index: ShardIndex; tensors: Map<string, ReadTensor> } {
  const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8')) as ShardIndex;
  const byFile = new Map<string, string[]>();
  for (const [t, f] of Object.entries(index.weight_map)) byFile.set(f, [...(byFile.get(f) ?? []), t]);
  const tensors = new Map<string, ReadTensor>();
  let total = 0;
  for (const [f, names] of byFile) {
    const file = readSafetensorsFile(join(dir, f));
    const held = [...file.tensors.keys()].sort();
    if (JSON.stringify(held) !== JSON.stringify([...names].sort())) throw new Error(`${f}: holds ${held.join(',')}, index maps ${names.join(',')}`);
    for (const [name, t] of file.tensors) {
      tensors.set(name, t);
      total += t.data.byteLength;
    }
  }
  if (total !== index.metadata.total_size) throw new Error(`total_size ${index.metadata.total_size}, tensors hold ${total} bytes`);
  return { index, tensors };
}
