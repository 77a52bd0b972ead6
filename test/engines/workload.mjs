// The engine matrix's workload: every public computation of weight-init, small, hashed item by item.
// Plain ESM with no imports, so every engine runs it as is (Node, Deno, Bun) or bundled (browsers).
// `lib` is the package's public exports (`import * as lib from 'weight-init'`, i.e. dist/index.js).
// No threads, no Math.random, no Math.* except to build inputs (never on a result).
//
// An item's hash is the SHA-256 (own implementation below: synchronous, no crypto.subtle) of its
// canonical bytes (see `canonical`). An item that throws hashes to 'error: <name>: <message>'.

// ---------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4), on a Uint8Array.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 of `bytes` as 64 lowercase hex digits. */
export function sha256hex(bytes) {
  const len = bytes.length;
  const padded = new Uint8Array(((len + 9 + 63) >>> 6) << 6);
  padded.set(bytes);
  padded[len] = 0x80;
  const dv = new DataView(padded.buffer);
  dv.setUint32(padded.length - 8, (len / 0x20000000) >>> 0); // high bits of len·8 (len < 2^53)
  dv.setUint32(padded.length - 4, (len << 3) >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getUint32(off + 4 * i);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15], b = w[i - 2];
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  }
  let hex = '';
  for (let i = 0; i < 8; i++) hex += h[i].toString(16).padStart(8, '0');
  return hex;
}

// ---------------------------------------------------------------------------------------------
// Canonical bytes of a value. Typed arrays: a tag, their type name, length and raw bytes (the
// bits are the promise: NaN payloads and -0 included). Other numbers: float64 bits, with every
// NaN written as one tag (engines may write different NaN payloads through a DataView). Strings
// UTF-8; arrays in order; Maps in insertion order; plain objects by sorted keys. Functions and
// undefined properties are skipped, so an absent and an undefined field hash the same.
class Sink {
  constructor() { this.buf = new Uint8Array(1 << 12); this.n = 0; }
  reserve(k) {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
  byte(b) { this.reserve(1); this.buf[this.n++] = b; }
  bytes(u8) { this.reserve(u8.length); this.buf.set(u8, this.n); this.n += u8.length; }
  u32(x) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, x, true); this.bytes(b); }
  f64(x) {
    if (x !== x) { this.byte(0x4e); return; } // 'N': NaN, one canonical form
    this.byte(0x66); // 'f'
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, x, true);
    this.bytes(b);
  }
  str(s) { const u = new TextEncoder().encode(s); this.u32(u.length); this.bytes(u); }
}

function put(sink, v) {
  if (v === null) { sink.byte(0x30); return; }
  if (v === undefined) { sink.byte(0x75); return; }
  switch (typeof v) {
    case 'number': sink.f64(v); return;
    case 'boolean': sink.byte(v ? 0x54 : 0x46); return;
    case 'string': sink.byte(0x73); sink.str(v); return;
    case 'bigint': sink.byte(0x62); sink.str(v.toString()); return;
    case 'function': sink.byte(0x7a); return;
    default: break;
  }
  if (ArrayBuffer.isView(v)) {
    sink.byte(0x74); // 't'
    sink.str(Object.prototype.toString.call(v).slice(8, -1));
    sink.u32(v.length ?? v.byteLength);
    sink.bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    return;
  }
  if (Array.isArray(v)) {
    sink.byte(0x61); sink.u32(v.length);
    for (const x of v) put(sink, x);
    return;
  }
  if (v instanceof Map) {
    sink.byte(0x6d); sink.u32(v.size);
    for (const [k, x] of v) { put(sink, k); put(sink, x); }
    return;
  }
  const keys = Object.keys(v).filter((k) => v[k] !== undefined && typeof v[k] !== 'function').sort();
  sink.byte(0x6f); sink.u32(keys.length);
  for (const k of keys) { sink.str(k); put(sink, v[k]); }
}

/** The canonical bytes of `v` (see above). */
export function canonical(v) {
  const sink = new Sink();
  put(sink, v);
  return sink.buf.subarray(0, sink.n);
}

/** The item hash of a value. */
export function hashOf(v) {
  return sha256hex(canonical(v));
}

// ---------------------------------------------------------------------------------------------
// Inputs, built deterministically (Philox draws from the library itself would couple an input
// to the code under test; a tiny LCG does not). Values are exact float32 numbers.
function lcgInput(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s >>> 8) - 0x800000) / 0x400000; // in [-2, 2), a multiple of 2^-22
  }
  return out;
}

const SIM_ACTIVATIONS = ['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'silu', 'softplus'];
const GAIN_ACTIVATIONS = ['linear', 'identity', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'silu', 'swish', 'softplus', 'mish'];
const TORCH_NONLINEARITIES = [
  'linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d',
  'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'leakyRelu', 'selu',
];
const SMALL_SIM = Object.freeze({ depth: 6, width: 32, batch: 8, seed: 3, jacobianProbes: 2 });

/** The items: name → () => value. Each is independent of the others (no shared generator). */
function items(lib) {
  const G = (seed = 42) => new lib.Generator(seed);
  const T = (seed = 0) => new lib.TorchGenerator(seed);
  const f64 = (n) => new Float64Array(n);
  const it = {};

  // --- the canonicaliser itself (engine-independent by construction; pinned here) ------------
  it['canonical.selftest'] = () => [
    { b: [1, -0, 0, NaN, -Infinity, 2 ** -1074, 0.1], a: 'ü😀', c: new Map([['z', 1n], ['y', null]]), d: undefined, e: true },
    new Float32Array([1.5, -0]), new Uint8Array([1, 2, 3]), new Float64Array(2).subarray(1),
  ];

  // --- Generator samplers -------------------------------------------------------------------
  it['gen.uint32'] = () => G().uint32(37);
  it['gen.uint32.kat0'] = () => new lib.Generator(0).uint32(8);
  it['gen.uint32.bigseed'] = () => new lib.Generator(0xfedcba9876543210n).uint32(12);
  it['gen.uniform'] = () => G().uniform(101);
  it['gen.uniform.range'] = () => G(1).uniform(64, { low: -0.1, high: 0.1 });
  it['gen.uniform.f64'] = () => G(2).uniform(f64(33), { low: -3, high: 5 });
  it['gen.normal'] = () => G().normal(4099);
  it['gen.normal.meanstd'] = () => G(5).normal(128, { mean: 0.5, std: 0.02 });
  it['gen.normal.f64'] = () => G(6).normal(f64(65), { mean: -1, std: 3 });
  it['gen.normal.odd'] = () => G(7).normal(3);
  const tn = {
    default: {},
    'sym1': { a: -1, b: 1 },
    'tail1.5': { a: 1.5, b: 2.5 },
    'tail1.5to8': { a: 1.5, b: 8 },
    'near': { a: -0.5, b: 3 },
    'far8-9': { a: 8, b: 9 },
    'far30-37': { a: 30, b: 37 },
    'far5-6': { a: 5, b: 6 },
    'mirror-9-8': { a: -9, b: -8 },
    'mirror-37-30': { a: -37, b: -30 },
    'mirror-2.5-1.5': { a: -2.5, b: -1.5 },
    'mirror-8-7.5': { a: -8, b: -7.5 },
    'a-only3': { a: 3, b: Infinity },
    'a-only0': { a: 0, b: Infinity },
    'a-only-1': { a: -1, b: Infinity },
    'a-only12': { a: 12, b: Infinity },
    'b-only-3': { a: -Infinity, b: -3 },
    'b-only1': { a: -Infinity, b: 1 },
    'b-only-20': { a: -Infinity, b: -20 },
    'both-inf': { a: -Infinity, b: Infinity },
    'narrow': { a: 0.25, b: 0.2500001 },
    'meanstd': { mean: 3, std: 0.5, a: -1.5, b: 2 },
    'abs': { std: 0.02, a: -0.04, b: 0.04, bounds: 'absolute' },
    'abs-tail': { mean: 1, std: 0.1, a: 1.3, b: 2, bounds: 'absolute' },
    'abs-oneside': { mean: 0, std: 2, a: -Infinity, b: -7, bounds: 'absolute' },
    'abs-timm': { std: 0.02, a: -2, b: 2, bounds: 'absolute' },
    'tinystd': { mean: 1, std: 1e-30, a: -2, b: 2 },
  };
  for (const [name, opts] of Object.entries(tn)) {
    it[`gen.truncatedNormal.${name}`] = () => G(11).truncatedNormal(257, opts);
    it[`gen.truncatedNormal.${name}.f64`] = () => G(12).truncatedNormal(f64(21), opts);
  }
  it['gen.position'] = () => { const g = G(); g.normal(400); return [String(g.position), ...g.key]; };
  it['gen.at'] = () => G(7).at(25).normal(40);
  it['gen.at.bigint'] = () => G(7).at(2n ** 64n - 3n).uint32(20);
  it['gen.skip'] = () => G(7).skip(3).skip(10n).uniform(16);
  it['gen.clone'] = () => { const g = G(7); g.uint32(9); const c = g.clone(); return [c.normal(8), g.normal(8)]; };
  it['gen.fork.string'] = () => G(0).fork('layer0.attn.q.weight').normal(16, { std: 0.02 });
  it['gen.fork.number'] = () => G(0).fork(17).uniform(16);
  it['gen.fork.utf8'] = () => G(0).fork('wörter·λ😀').fork(0).uint32(8);
  it['gen.fork.long'] = () => { const g = G(1).fork('a'.repeat(100)); return [...g.key, g.uint32(4)]; };
  it['gen.chunked'] = () => { const g = G(9); return [g.normal(100), g.normal(300), g.truncatedNormal(8), g.uniform(4)]; };

  // --- initializers ---------------------------------------------------------------------------
  const S = [24, 16];
  it['init.zeros'] = () => lib.zeros([3, 5]);
  it['init.ones'] = () => lib.ones([3, 5], { dtype: 'float64' });
  it['init.constant'] = () => lib.constant([4, 2], { value: 0.1 });
  it['init.constant.f64'] = () => lib.constant([7], { value: 1 / 3, dtype: 'float64' });
  it['init.eye'] = () => lib.eye([4, 6]);
  it['init.identity'] = () => lib.identity([5, 3], { gain: 2.5 });
  it['init.dirac3'] = () => lib.dirac([4, 2, 3]);
  it['init.dirac4.groups'] = () => lib.dirac([6, 2, 3, 3], { groups: 2 });
  it['init.dirac5.tf'] = () => lib.dirac([2, 2, 2, 3, 4], { layout: 'tf' });
  it['init.uniform'] = () => lib.uniform(S, { seed: 1, low: -2, high: 3 });
  it['init.normal'] = () => lib.normal(S, { seed: 1, mean: 1, std: 0.5 });
  it['init.truncatedNormal'] = () => lib.truncatedNormal(S, { seed: 1 });
  it['init.truncatedNormal.abs'] = () => lib.truncatedNormal(S, { seed: 1, std: 0.02, a: -0.04, b: 0.04, bounds: 'absolute' });
  it['init.truncatedNormal.tail'] = () => lib.truncatedNormal(S, { seed: 1, a: 2, b: Infinity, dtype: 'float64' });
  it['init.sparse'] = () => lib.sparse([20, 12], { seed: 1, sparsity: 0.3 });
  it['init.sparse.tf'] = () => lib.sparse([12, 20], { seed: 1, sparsity: 0.5, std: 0.1, layout: 'tf' });
  for (const mode of ['fanIn', 'fanOut', 'fanAvg', 'fanGeoAvg']) {
    for (const distribution of ['truncatedNormal', 'normal', 'uniform']) {
      it[`init.varianceScaling.${mode}.${distribution}`] = () => lib.varianceScaling([16, 8, 3, 3], { seed: 2, scale: 2, mode, distribution });
    }
  }
  for (const name of ['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal', 'xavierUniform', 'xavierNormal']) {
    it[`init.${name}`] = () => lib[name](S, { seed: 3 });
    it[`init.${name}.tf.f64`] = () => lib[name]([3, 3, 4, 8], { seed: 3, layout: 'tf', dtype: 'float64' });
  }
  it['init.xavierUniform.gain'] = () => lib.xavierUniform(S, { seed: 3, gain: 5 / 3 });
  it['init.xavierNormal.gain'] = () => lib.xavierNormal(S, { seed: 3, gain: 0.5 });
  it['init.glorotNormal.fans'] = () => lib.glorotNormal([50], { seed: 3, fans: { fanIn: 7, fanOut: 11 } });
  for (const fn of ['kaimingUniform', 'kaimingNormal']) {
    for (const [label, nl, a] of [['leaky_relu', 'leaky_relu'], ['leaky_relu.0.2', 'leaky_relu', 0.2], ['leaky_relu.sqrt5', 'leaky_relu', Math.sqrt(5)], ['relu', 'relu'], ['tanh', 'tanh'], ['linear', 'linear'], ['selu', 'selu'], ['sigmoid', 'sigmoid'], ['conv2d', 'conv2d']]) {
      it[`init.${fn}.${label}`] = () => lib[fn](S, { seed: 4, nonlinearity: nl, a });
    }
    it[`init.${fn}.fanOut`] = () => lib[fn]([8, 4, 3, 3], { seed: 4, mode: 'fanOut', nonlinearity: 'relu' });
  }
  it['init.out'] = () => lib.heNormal([6, 4], { seed: 5, out: new Float32Array(24) });
  it['init.rows'] = () => [lib.kaimingNormal([10, 8], { seed: 5, rows: [2, 7] }), lib.sparse([10, 8], { seed: 5, sparsity: 0.25, rows: [3, 5] })];
  it['init.generator'] = () => { const g = G(6); return [lib.heNormal([8, 8], { generator: g }), lib.uniform([5], { generator: g }), String(g.position)]; };
  it['init.empty'] = () => lib.kaimingNormal([0, 5], { seed: 1 });
  it['init.orthogonal.f32'] = () => lib.orthogonal([16, 16], { seed: 7 });
  it['init.orthogonal.f64'] = () => lib.orthogonal([16, 16], { seed: 7, dtype: 'float64' });
  it['init.orthogonal.wide'] = () => lib.orthogonal([6, 20], { seed: 7, gain: 2 });
  it['init.orthogonal.tall'] = () => lib.orthogonal([20, 6], { seed: 7, dtype: 'float64' });
  it['init.orthogonal.conv'] = () => lib.orthogonal([8, 4, 3, 3], { seed: 7 });
  it['init.orthogonal.tf'] = () => lib.orthogonal([3, 3, 4, 8], { seed: 7, layout: 'tf', gain: -1 });
  it['init.orthogonal.large'] = () => lib.orthogonal([70, 40], { seed: 8 });
  it['init.deltaOrthogonal'] = () => lib.deltaOrthogonal([8, 8, 3, 3], { seed: 7 });
  it['init.deltaOrthogonal.even.torch'] = () => lib.deltaOrthogonal([6, 4, 4], { seed: 7, center: 'torch', gain: 1.5 });
  it['init.deltaOrthogonal.even.tf.f64'] = () => lib.deltaOrthogonal([2, 4, 4, 6], { seed: 7, layout: 'tf', dtype: 'float64' });
  for (const [id, opts] of [
    ['glorot_normal', {}], ['GlorotNormal', {}], ['he_normal', { layout: 'tf' }], ['leCunNormal', {}], ['random_normal', { stddev: 0.05 }],
    ['random_uniform', { minval: -0.05, maxval: 0.05 }], ['kaiming_normal_', { mode: 'fan_out', nonlinearity: 'relu' }], ['trunc_normal_', { std: 0.02, a: -0.04, b: 0.04, bounds: 'absolute' }],
    ['variance_scaling', { scale: 2, mode: 'fan_avg', distribution: 'untruncated_normal' }], ['orthogonal', { gain: 2 }], ['eye_', {}], ['zeros', {}], ['Constant', { value: 2 }],
  ]) {
    it[`getInitializer.${id}`] = () => lib.getInitializer(id, opts)([6, 6], { seed: 9 });
  }
  it['torchDefaults.linear'] = () => lib.torchDefaults.linear(7, 5, { seed: 1 });
  it['torchDefaults.linear.nobias.f64'] = () => lib.torchDefaults.linear(7, 5, { seed: 1, bias: false, dtype: 'float64' });
  it['torchDefaults.conv'] = () => lib.torchDefaults.conv([8, 2, 3, 3], { seed: 1, groups: 2 });
  it['torchDefaults.conv.transposed'] = () => lib.torchDefaults.conv([4, 6, 3], { seed: 1, transposed: true });
  it['initializers.defaultGenerator'] = () => { lib.manualSeed(42); const a = lib.kaimingUniform([4, 4]); const b = lib.defaultGenerator().uniform(4); return [a, b]; };

  // --- gains and fans ---------------------------------------------------------------------------
  it['calculateGain'] = () => TORCH_NONLINEARITIES.map((n) => lib.calculateGain(n));
  it['calculateGain.param'] = () => [lib.calculateGain('leaky_relu', 0.2), lib.calculateGain('leaky_relu', Math.sqrt(5)), lib.calculateGain('leakyRelu', 0), lib.calculateGain('leaky_relu', null)];
  for (const a of GAIN_ACTIVATIONS) it[`gainFor.${a}`] = () => lib.gainFor(a);
  it['gainFor.params'] = () => [lib.gainFor({ name: 'leakyRelu', slope: 0.2 }), lib.gainFor({ name: 'elu', alpha: 0.5 }), lib.gainFor('leakyRelu', 0.3)];
  it['gainFor.function'] = () => [lib.gainFor((x) => (x > 1 ? 1 : x < -1 ? -1 : x)), lib.gainFor((x) => x * x * 0.5 - x)];
  it['computeFans'] = () => [[3, 4], [3, 4, 5], [8, 4, 3, 3], [2, 3, 4, 5, 6], [0, 3]].map((s) => lib.computeFans(s, 'torch'))
    .concat([[], [7], [3, 4], [3, 3, 4, 8]].map((s) => lib.computeFans(s, 'tf')));

  // --- mean field -------------------------------------------------------------------------------
  for (const a of SIM_ACTIVATIONS) {
    it[`meanField.${a}`] = () => lib.meanField({ activation: a, sigmaW2: 1.5, sigmaB2: 0.05, depth: 12 });
  }
  it['meanField.tanh.critical'] = () => lib.meanField({ activation: 'tanh', sigmaW2: 1, sigmaB2: 0, q0: 2, depth: 8 });
  it['meanField.tanh.chaotic'] = () => lib.meanField({ activation: 'tanh', sigmaW2: 4, sigmaB2: 0.3, depth: 10 });
  it['meanField.relu.noact'] = () => lib.meanField({ activation: 'relu', sigmaW2: 2, q0: 3, depth: 5, activateInput: false });
  it['meanField.leakyRelu.slope'] = () => lib.meanField({ activation: { name: 'leakyRelu', slope: 0.2 }, sigmaW2: 1.9, sigmaB2: 0.01, depth: 6 });
  it['meanField.elu.alpha'] = () => lib.meanField({ activation: { name: 'elu', alpha: 0.5 }, sigmaW2: 2.5, sigmaB2: 0.1, depth: 6 });
  it['meanField.erf.largeq'] = () => lib.meanField({ activation: 'sigmoid', sigmaW2: 30, sigmaB2: 2, q0: 50, depth: 6 });
  it['criticalLine.tanh'] = () => lib.criticalLine('tanh', [0, 0.05, 0.3]);
  it['criticalLine.relu'] = () => lib.criticalLine('relu', [0, 0.1]);
  it['criticalLine.selu'] = () => lib.criticalLine('selu', [0.02]);
  it['phaseDiagram.tanh'] = () => lib.phaseDiagram({ activation: 'tanh', sigmaW2: [0.5, 1, 2, 4], sigmaB2: [0, 0.1] });
  it['phaseDiagram.erf-like'] = () => lib.phaseDiagram({ activation: 'gelu', sigmaW2: [1, 3], sigmaB2: [0.05] });

  // --- simulate ---------------------------------------------------------------------------------
  // Every field but `backend` (which names the backend that ran, so differs by design).
  const numbers = (r) => ({ ...r, backend: undefined });
  // Each simulation is hashed in parts (run once, shared): layers (with the shape fields), jacobian,
  // theory and train, so a difference shows where it is.
  const simulation = (name, run, parts = ['layers', 'jacobian', 'theory']) => {
    let r;
    const get = () => (r ??= numbers(run()));
    for (const part of parts) {
      it[`${name}/${part}`] = () => {
        const { jacobian, theory, train, ...layers } = get();
        return { layers, jacobian, theory, train }[part];
      };
    }
  };
  const sim = (cfg) => lib.simulate({ ...SMALL_SIM, ...cfg });
  for (const a of SIM_ACTIVATIONS) simulation(`simulate.${a}`, () => sim({ activation: a }));
  simulation('simulate.leakyRelu.slope', () => sim({ activation: { name: 'leakyRelu', slope: 0.2 } }));
  simulation('simulate.elu.alpha', () => sim({ activation: { name: 'elu', alpha: 0.3 } }));
  simulation('simulate.bias', () => sim({ activation: 'tanh', init: 'kaimingNormal', bias: { sigmaB2: 0.05 } }));
  simulation('simulate.bias.init', () => sim({ activation: 'relu', bias: { id: 'uniform', low: -0.1, high: 0.1 } }));
  for (const r of [{ alpha: 0.5 }, 'rezero', 'zeroInitLast', 'fixup', 'depthScaled']) {
    simulation(`simulate.residual.${typeof r === 'string' ? r : 'alpha'}`, () => sim({ activation: 'relu', residual: r }));
  }
  simulation('simulate.layerNorm', () => sim({ activation: 'gelu', norm: 'layer' }));
  simulation('simulate.layerNorm.residual', () => sim({ activation: 'tanh', norm: 'layer', residual: { alpha: 0.7 } }));
  simulation('simulate.jacobianProbes', () => sim({ activation: 'tanh', init: { id: 'xavierNormal', gain: 5 / 3 }, jacobianProbes: 6 }));
  simulation('simulate.noProbes', () => sim({ activation: 'selu', init: 'lecunNormal', jacobianProbes: 0 }));
  simulation('simulate.noBackward', () => sim({ activation: 'softplus', backward: false }));
  simulation('simulate.noWeightGradNorm', () => sim({ activation: 'silu', weightGradNorm: false }));
  simulation('simulate.activateInput.false', () => sim({ activation: 'relu', activateInput: false, q0: 2 }));
  simulation('simulate.sigmaW2', () => sim({ activation: 'tanh', init: { sigmaW2: 1.7 }, bias: { sigmaB2: 0.1 } }));
  simulation('simulate.orthogonal', () => sim({ activation: 'tanh', init: 'orthogonal' }));
  simulation('simulate.initFunction', () => sim({ activation: 'relu', init: (shape, g) => g.normal(shape[0] * shape[1], { std: 0.25 }) }));
  simulation('simulate.widths', () => lib.simulate({ depth: 3, widths: [20, 32, 16, 8], batch: 8, activation: 'relu', seed: 4, jacobianProbes: 2 }));
  simulation('simulate.input', () => lib.simulate({ depth: 4, width: 16, batch: 6, input: lcgInput(6 * 16, 99), activation: 'tanh', seed: 5, jacobianProbes: 2 }));
  simulation('simulate.train', () => sim({ activation: 'tanh', train: { steps: 5, lr: 0.05 } }), ['layers', 'jacobian', 'theory', 'train']);
  simulation('simulate.train.zeros', () => sim({ activation: 'relu', init: 'zeros', train: { steps: 3, lr: 0.1 } }), ['layers', 'jacobian', 'theory', 'train']);
  simulation('simulate.train.residual.norm', () => sim({ activation: 'gelu', residual: 'depthScaled', norm: 'layer', bias: { sigmaB2: 0.02 }, train: { steps: 3, lr: 0.02 } }), ['layers', 'jacobian', 'theory', 'train']);
  it['simulate.onLayer'] = () => {
    const seen = [];
    const { layers } = sim({ activation: 'sigmoid', depth: 3, onLayer: (l, pre, post) => seen.push(l, pre, post) });
    return [layers, seen];
  };
  // Ensembles (`networks`), on the calling thread only like the rest of the workload: network 0's
  // full result and the summary are hashed apart.
  const ensemble = (name, cfg) => {
    let r;
    const get = () => (r ??= numbers(sim({ ...cfg, threads: 1 })));
    it[`${name}/network0`] = () => { const { ensemble: _summary, ...rest } = get(); return rest; };
    it[`${name}/ensemble`] = () => get().ensemble;
  };
  ensemble('simulate.ensemble.tanh', { activation: 'tanh', networks: 4 });
  ensemble('simulate.ensemble.relu.theory', { activation: 'relu', init: { sigmaW2: 2 }, batch: 1, activateInput: false, networks: 5 });
  ensemble('simulate.ensemble.leakyRelu.theory', { activation: { name: 'leakyRelu', slope: 0.1 }, init: 'kaimingNormal', batch: 1, activateInput: false, networks: 3, backward: false });
  ensemble('simulate.ensemble.one', { activation: 'gelu', bias: { sigmaB2: 0.05 }, networks: 1 });

  // --- lsuv -------------------------------------------------------------------------------------
  it['lsuv.relu'] = () => lib.lsuv({ widths: [16, 32, 32, 8], activation: 'relu', seed: 1 }, lcgInput(10 * 16, 7));
  it['lsuv.tanh'] = () => lib.lsuv({ widths: [12, 24, 6], activation: 'tanh', seed: 2 }, lcgInput(8 * 12, 8), { tolVar: 0.01, maxIter: 5 });

  // --- TorchGenerator ---------------------------------------------------------------------------
  it['torch.seed'] = () => { const g = new lib.TorchGenerator(2n ** 40n + 5n); return [String(g.initialSeed), g.uint32(700)]; };
  it['torch.uint32'] = () => T().uint32(10);
  it['torch.rand'] = () => T().uniform(3);
  it['torch.uniform_'] = () => T(1).uniform(50, { low: -1, high: 3 });
  it['torch.uniform64'] = () => T(2).uniform64(20, { low: -1, high: 1 });
  it['torch.uniform.f64'] = () => T(2).uniform(f64(9));
  it['torch.normal.small'] = () => { const g = T(3); return [g.normal(5), g.normal(1), g.normal(7, { mean: 1, std: 2 }), g.uniform(2)]; };
  it['torch.normal.16'] = () => T(3).normal(16);
  it['torch.normal.large'] = () => T(3).normal(100, { mean: 0.5, std: 0.1 });
  it['torch.randn.f64'] = () => T(4).normal(f64(37));
  it['torch.clone'] = () => { const g = T(5); g.normal(3); const c = g.clone(); return [c.normal(3), g.normal(3)]; };
  it['torch.trunc_normal_'] = () => T(6).truncatedNormal(64);
  it['torch.trunc_normal_.abs'] = () => T(6).truncatedNormal(64, { std: 0.02, a: -0.04, b: 0.04, bounds: 'absolute' });
  it['torch.trunc_normal_.tail'] = () => T(6).truncatedNormal(40, { a: 1.5, b: 3 });
  it['torch.trunc_normal_.oneside'] = () => T(6).truncatedNormal(40, { a: -Infinity, b: 0.5 });
  it['torch.kaimingUniform'] = () => lib.kaimingUniform([16, 8], { generator: T(13) });
  it['torch.kaimingNormal'] = () => { const g = T(13); return [lib.kaimingNormal([32, 16], { generator: g }), lib.uniform([4], { low: -1, high: 1, generator: g })]; };
  it['torch.kaimingNormal.small'] = () => lib.kaimingNormal([3, 4], { generator: T(13), mode: 'fanOut', nonlinearity: 'relu' });
  it['torch.xavierUniform'] = () => lib.xavierUniform([10, 6], { generator: T(14) });
  it['torch.xavierNormal'] = () => lib.xavierNormal([10, 6], { generator: T(14), gain: 2 });
  it['torch.truncatedNormal.init'] = () => lib.truncatedNormal([9, 9], { generator: T(15), std: 0.02, a: -0.04, b: 0.04, bounds: 'absolute' });
  it['torch.orthogonal'] = () => lib.orthogonal([12, 12], { generator: T(16) });
  it['torch.orthogonal.wide'] = () => lib.orthogonal([5, 17], { generator: T(16), gain: 2 });
  it['torch.orthogonal.40'] = () => lib.orthogonal([40, 40], { generator: T(17) });
  it['torch.orthogonal.blocked'] = () => lib.orthogonal([132, 130], { generator: T(17) }); // LAPACK's blocked path: min(rows, cols) > 128
  it['torch.deltaOrthogonal'] = () => lib.deltaOrthogonal([4, 4, 3, 3], { generator: T(18) });
  it['torch.linear'] = () => lib.torchDefaults.linear(5, 3, { generator: T(0) });
  it['torch.conv'] = () => lib.torchDefaults.conv([4, 3, 3, 3], { generator: T(0) });

  // --- initModel --------------------------------------------------------------------------------
  it['initModel.gpt2-tiny'] = () => lib.initModel([
    { name: 'wte.weight', shape: [50, 16], init: 'normal', options: { std: 0.02 } },
    { name: 'h.0.ln_1.weight', shape: [16], init: 'ones' },
    { name: 'h.0.ln_1.bias', shape: [16], init: 'zeros' },
    { name: 'h.0.attn.c_attn.weight', shape: [16, 48], init: 'normal', options: { std: 0.02 } },
    { name: 'h.0.attn.c_proj.weight', shape: [16, 16], init: 'normal', options: { std: 0.02 / Math.sqrt(2) } },
    { name: 'h.0.mlp.c_fc.weight', shape: [16, 64], init: 'trunc_normal_', options: { std: 0.02, a: -0.04, b: 0.04, bounds: 'absolute' } },
  ], { seed: 0 });
  it['initModel.resnet-tiny'] = () => lib.initModel([
    { name: 'conv1.weight', shape: [8, 3, 7, 7], init: 'kaiming_normal', options: { mode: 'fanOut', nonlinearity: 'relu' } },
    { name: 'bn1.weight', shape: [8], init: 'ones' },
    { name: 'layer1.0.conv2.weight', shape: [8, 8, 3, 3], init: 'orthogonal' },
    { name: 'layer1.0.bn2.weight', shape: [8], init: 'constant', options: { value: 0 } },
    { name: 'fc.weight', shape: [10, 8], init: 'kaiming_uniform', options: { a: Math.sqrt(5) } },
    { name: 'fc.sparse', shape: [10, 8], init: 'sparse', options: { sparsity: 0.1 } },
    { name: 'fc.glorot', shape: [10, 8], init: 'GlorotUniform' },
  ], { seed: 123n });

  // --- slices and half dtypes (issue 13) --------------------------------------------------------
  it['slice.column.kaimingNormal'] = () => lib.kaimingNormal([37, 53], { seed: 3, slice: [[2, 35], [5, 20]] });
  it['slice.range.truncatedNormal'] = () => lib.truncatedNormal([37, 53], { seed: 3, range: [17, 1500], a: -1, b: 2 });
  it['slice.rank3.uniform'] = () => lib.uniform([5, 7, 9], { seed: 4, slice: [[1, 4], [2, 6]] });
  it['slice.gather.uint32'] = () => new lib.Generator(6).at(2n ** 64n - 3n).gather((visit) => { visit(3, 0, 10); visit(101, 10, 77); }).uint32(87);
  it['half.bf16.normal'] = () => lib.normal([1001], { seed: 5, dtype: 'bfloat16' });
  it['half.f16.uniform'] = () => lib.uniform([1001], { seed: 5, low: -70000, high: 70000, dtype: 'float16' });
  it['half.f16.truncated.bounds'] = () => lib.truncatedNormal([1001], { seed: 5, a: -1.00049, b: 1.00049, bounds: 'absolute', dtype: 'float16' });
  it['half.bf16.heNormal.slice'] = () => lib.heNormal([40, 30], { seed: 6, slice: [[0, 40], [3, 9]], dtype: 'bfloat16' });
  it['initModel.bf16.shard'] = () => lib.initModel([
    { name: 'w', shape: [12, 30], init: 'trunc_normal', options: { std: 0.02 } },
    { name: 'q', shape: [12, 9], init: 'orthogonal' },
  ], { seed: 1, dtype: 'bfloat16', shard: { rank: 1, worldSize: 3, dim: 1 } });

  // --- models and the coordinate check (issue 14) ------------------------------------------------
  const gpt2 = { model_type: 'gpt2', n_layer: 2, n_embd: 32, n_head: 4, vocab_size: 100, n_positions: 16, initializer_range: 0.02 };
  const llama = { model_type: 'llama', hidden_size: 64, intermediate_size: 96, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 50, tie_word_embeddings: false, initializer_range: 0.02 };
  const bert = { model_type: 'bert', hidden_size: 32, intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 40, max_position_embeddings: 16, type_vocab_size: 2, pad_token_id: 0, initializer_range: 0.02 };
  const vit = { model_type: 'vit', hidden_size: 32, intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 4, image_size: 16, patch_size: 8, num_channels: 3, num_labels: 5, initializer_range: 0.02 };
  it['huggingFaceSpec.gpt2'] = () => lib.huggingFaceSpec(gpt2);
  it['huggingFaceSpec.llama.mup'] = () => lib.huggingFaceSpec(llama, { recipe: 'mup', baseWidth: 32 });
  it['huggingFaceSpec.llama.olmo'] = () => lib.huggingFaceSpec(llama, { recipe: 'olmo-mitchell' });
  it['initModel.bert-tiny.hf'] = () => lib.initModel(lib.huggingFaceSpec(bert), { seed: 2 });
  it['initModel.vit-tiny.timm'] = () => lib.initModel(lib.huggingFaceSpec(vit, { recipe: 'timm-vit' }), { seed: 2 });
  it['describeSpec.vit.timm'] = () => lib.describeSpec(lib.huggingFaceSpec(vit, { recipe: 'timm-vit' }));
  it['describeSpec.gpt2.neox'] = () => lib.describeSpec(lib.huggingFaceSpec(gpt2, { recipe: 'gpt-neox-small-init' }));
  it['coordCheck.standard'] = () => lib.coordCheck({ parametrization: 'standard', widths: [16, 48], seeds: 1 });
  it['coordCheck.muP.tanh'] = () => lib.coordCheck({ parametrization: 'muP', widths: [16, 48], seeds: 1, activation: 'tanh' });
  return it;
}

/** The names of the workload's items, in run order. */
export function itemNames(lib) {
  return Object.keys(items(lib));
}

/**
 * Runs every item on `backend` ('wasm-simd' | 'wasm-scalar' | 'js') and returns
 * `{ backend: lib.backend(), items: { [name]: sha256hex | 'error: …' }, ms }` (`ms` is wall time,
 * not part of the comparison).
 */
export async function workload(lib, backend) {
  await lib.init();
  lib.setBackend(backend);
  const t0 = Date.now();
  const out = {};
  for (const [name, fn] of Object.entries(items(lib))) {
    try {
      out[name] = hashOf(fn());
    } catch (e) {
      out[name] = `error: ${e && e.name}: ${e && e.message}`;
    }
  }
  return { backend: lib.backend(), items: out, ms: Date.now() - t0 };
}

/** The backends every engine runs the workload on. */
export const BACKENDS = ['wasm-simd', 'wasm-scalar', 'js'];

/**
 * The workload on every backend in this runtime: { [backend]: workload result | { error } } (an error
 * on one backend is recorded, not thrown, so the others still report).
 */
export async function workloadOnEveryBackend(lib) {
  const results = {};
  for (const backend of BACKENDS) {
    try {
      results[backend] = await workload(lib, backend);
    } catch (e) {
      results[backend] = { error: String((e && e.stack) || e) };
    }
  }
  return results;
}
