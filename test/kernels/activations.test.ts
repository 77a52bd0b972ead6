// The activation and layer-statistics kernels (assembly/activations.ts, assembly/layer.ts and their
// twins in src/kernels/reference/): φ, φ′ and the per-layer reductions give identical bits on
// wasm-simd, wasm-scalar and js, the activations are accurate, and simulate, which runs them all
// (with SGEMM), gives the same result on every backend.
import { afterAll, describe, expect, it } from 'vitest';
import { availableBackends, Generator, setBackend, simulate } from '../../src/index.js';
import { activeKernels } from '../../src/kernels/backend.js';
import { ACT } from '../../src/kernels/abi.js';

const backends = availableBackends();
afterAll(() => setBackend(backends[0]!));

function onEach<T>(fn: () => T): T[] {
  return backends.map((b) => { setBackend(b); return fn(); });
}

describe('activations', () => {
  const x = new Float32Array(4099);
  const g = new Generator(3).normal(4000, { std: 4 });
  x.set(g);
  x.set([0, -0, 1e-30, -1e-30, 1e-7, -1e-7, 0.625, -0.625, 0.62499, 9, -9, 50, -50, 88, -88, 100, -100, 1e6, -1e6], 4000);
  for (let i = 4019; i < x.length; i++) x[i] = (i - 4059) / 8;
  const ref: Record<string, [(v: number) => number, (v: number) => number]> = {
    tanh: [Math.tanh, (v) => 1 - Math.tanh(v) ** 2],
    sigmoid: [(v) => 1 / (1 + Math.exp(-v)), (v) => { const s = 1 / (1 + Math.exp(-v)); return s * (1 - s); }],
    softplus: [(v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), (v) => 1 / (1 + Math.exp(-v))],
    elu: [(v) => (v > 0 ? v : Math.expm1(v)), (v) => (v > 0 ? 1 : Math.exp(v))],
  };
  for (const [name, kind] of Object.entries(ACT)) {
    it(`${name}: identical bits on every backend${ref[name] ? ', within 2e-6 (relative to max(1, |φ|)) of float64' : ''}`, () => {
      const param = name === 'leakyRelu' ? 0.2 : name === 'elu' ? 1 : 0;
      const outs = onEach(() => {
        const y = new Float32Array(x.length), d = new Float32Array(x.length);
        activeKernels().activate(kind, param, x, y, d);
        return [y, d] as const;
      });
      for (const [y, d] of outs.slice(1)) {
        expect(new Uint32Array(y.buffer)).toEqual(new Uint32Array(outs[0]![0].buffer));
        expect(new Uint32Array(d.buffer)).toEqual(new Uint32Array(outs[0]![1].buffer));
      }
      const r = ref[name];
      if (r) {
        const [y, d] = outs[0]!;
        for (let i = 0; i < x.length; i++) {
          const v = x[i]!;
          if (Math.abs(v) > 80) continue;
          expect(Math.abs(y[i]! - r[0](v))).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(r[0](v))));
          expect(Math.abs(d[i]! - r[1](v))).toBeLessThanOrEqual(2e-6);
        }
      }
    });
  }
});

describe('simulate is bit-identical across backends', () => {
  it('tanh, layer norm, residual and a few SGD steps give the same result everywhere', () => {
    for (const cfg of [
      { depth: 6, widths: [20, 33, 17, 40, 9, 12, 24], batch: 13, activation: 'gelu' as const, init: 'xavierNormal', bias: { sigmaB2: 0.1 }, train: { steps: 2, lr: 0.05 } },
      { depth: 5, width: 24, batch: 10, activation: 'selu' as const, norm: 'layer' as const, residual: 'depthScaled' as const, init: { sigmaW2: 1.5 } },
      { depth: 4, widths: [7, 13, 6, 9, 5], batch: 7, activation: 'tanh' as const, activateInput: false, init: 'orthogonal', jacobianProbes: 3 },
    ]) {
      const results = onEach(() => JSON.stringify({ ...simulate(cfg), backend: '' }));
      for (const r of results.slice(1)) expect(r).toBe(results[0]);
    }
  });
});

describe('workspace kernels (simulate\'s per-layer reductions)', () => {
  for (const [rows, cols] of [[1, 1], [3, 5], [17, 12], [9, 259]] as const) {
    it(`layerStats and sumSquares on ${rows} x ${cols}: identical float64 bits on ${backends.join(', ')}, close to a plain float64 sum`, () => {
      const n = rows * cols;
      const h = new Generator(7).normal(n);
      h.fill(0, 0, Math.min(n, cols)); // a zero row
      if (cols > 2) for (let i = 0; i < rows; i++) h[i * cols + 1] = 0; // a zero column
      // f32: h at 0, φ at n, φ′ at 2n, scratch at 3n; float64 from f32 offset F: cols of norm, then 8 sums.
      const F = 4 * n + (n % 2 === 0 ? 0 : 2), norm = F / 2, out = norm + cols;
      const outs = onEach(() => {
        const ws = activeKernels().workspace(F + 2 * cols + 16);
        try {
          ws.f32().set(h, 0);
          ws.layerStats(ACT.tanh, 0, 0, 0, n, 2 * n, rows, cols, norm, out);
          const f64 = ws.f64();
          const sums = Array.from(f64.subarray(out, out + 8));
          const y = Array.from(ws.f32().subarray(n, 3 * n));
          const cols64 = Array.from(f64.subarray(norm, norm + cols));
          ws.f32().set(h, 3 * n);
          const ss = ws.sumSquares(3 * n, -1, n);
          const prod = ws.sumSquares(3 * n, 2 * n, n); // h ⊙ φ′(h)
          return JSON.stringify({ sums, y, cols64, ss, prod, scaled: Array.from(ws.f32().subarray(3 * n, 4 * n)) });
        } finally {
          ws.release();
        }
      });
      for (const o of outs.slice(1)) expect(o).toBe(outs[0]);
      const { sums, ss } = JSON.parse(outs[0]!) as { sums: number[]; ss: number };
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) { s += h[i]!; s2 += h[i]! ** 2; }
      expect(sums[0]).toBeCloseTo(s, 10);
      expect(sums[1]).toBeCloseTo(s2, 10);
      expect(ss).toBeCloseTo(s2, 10);
      expect(sums[7]).toBe(cols - (cols > 2 ? 1 : 0) - (rows === 1 ? cols - (cols > 2 ? 1 : 0) : 0));
    });
  }

  it('a workspace is released by simulate even when an option throws mid-way, and one-off kernels run while it is held', () => {
    for (const b of backends) {
      setBackend(b);
      expect(() => simulate({ depth: 2, width: 4, batch: 3, init: () => new Float32Array(1) })).toThrow(TypeError);
      const ws = activeKernels().workspace(64);
      const c = new Float32Array(4);
      activeKernels().sgemm(2, 2, 2, Float32Array.of(1, 2, 3, 4), 2, 1, Float32Array.of(1, 0, 0, 1), 2, 1, c);
      expect(Array.from(c)).toEqual([1, 2, 3, 4]);
      ws.release();
      expect(simulate({ depth: 2, width: 4, batch: 3 }).layers).toHaveLength(3);
    }
  });
});
