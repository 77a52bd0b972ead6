// The simulator's shared per-layer operations (src/simulate/network.ts).
import { describe, expect, it } from 'vitest';
import { addResidual, layerNorm, workspaceLayout } from '../../src/simulate/network.js';

describe('addResidual', () => {
  it('x[branch] ← x[skip] + f32(α·x[branch]), rounded to float32 by the store', () => {
    const x = new Float32Array([1, 2, 0.1, 3]);
    addResidual(x, 0, 2, 2, 1 / 3);
    expect(x[2]).toBe(Math.fround(1 + Math.fround((1 / 3) * Math.fround(0.1))));
    expect(x[3]).toBe(Math.fround(2 + Math.fround((1 / 3) * 3)));
    expect([x[0], x[1]]).toEqual([1, 2]);
  });
});

describe('layerNorm', () => {
  it('normalises each example (column) to mean 0, variance ≈ 1, and returns 1/σ', () => {
    const n = 4, B = 2;
    const x = new Float32Array(2 * n * B);
    [1, 2, 3, 4].forEach((v, i) => { x[i * B] = v; x[i * B + 1] = 10 * v; });
    const inv = layerNorm(x, 0, n * B, n, B);
    for (let b = 0; b < B; b++) {
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) { const u = x[n * B + i * B + b]!; s += u; s2 += u * u; }
      expect(Math.abs(s / n)).toBeLessThan(1e-6);
      expect(s2 / n).toBeCloseTo(1, 3);
    }
    expect(inv[0]).toBeCloseTo(1 / Math.sqrt(1.25 + 1e-5), 12);
  });
});

describe('workspaceLayout', () => {
  it('gives every array its own 64-byte aligned region', () => {
    const lay = workspaceLayout([5, 7, 3], 3, { keepA: true, keepD: true, layerNorm: true, deltas: true, dW: true, probes: 2 });
    const f32 = [...lay.W.slice(1), ...lay.H, ...lay.A, ...lay.D, ...lay.U, ...lay.delta, lay.dW, ...lay.probeSlots];
    expect(new Set(f32).size).toBe(f32.length);
    for (const at of [...f32, 2 * lay.statsScratch, 2 * lay.statsSums]) expect(at % 16).toBe(0);
    expect(2 * lay.statsSums + 16).toBeLessThanOrEqual(lay.floats);
  });
});
