// Mean-field theory: exact ReLU length map, tanh's critical point, and criticalLine against an
// independent root finder written here (composite Simpson quadrature, bisection).
import { describe, expect, it } from 'vitest';
import { criticalLine, meanField, phaseDiagram } from '../../src/index.js';

/** E[f(√q z)] by composite Simpson on z ∈ [−12, 12] with 24000 intervals. */
function expectation(f: (x: number) => number, q: number): number {
  const n = 24000, a = -12, h = 24 / n, s = Math.sqrt(q);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const z = a + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    sum += w * f(s * z) * Math.exp(-0.5 * z * z);
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

function independentCritical(sb2: number): number {
  const dtanh2 = (x: number): number => (1 - Math.tanh(x) ** 2) ** 2;
  const chi = (sw2: number): number => {
    // q* by plain fixed-point iteration from 1 (a contraction here).
    let q = 1;
    for (let i = 0; i < 2000; i++) {
      const next = sw2 * expectation((x) => Math.tanh(x) ** 2, q) + sb2;
      if (Math.abs(next - q) < 1e-14) { q = next; break; }
      q = next;
    }
    return sw2 * expectation(dtanh2, q);
  };
  let lo = 1, hi = 3;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (chi(mid) < 1) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('meanField', () => {
  it('ReLU: q_l = (σw²/2)^l q0 exactly, χ₁ = σw²/2', () => {
    for (const sw2 of [1.8, 2, 2.2]) {
      const r = meanField({ activation: 'relu', sigmaW2: sw2, q0: 1.5, depth: 50 });
      r.q.forEach((q, l) => expect(q / (1.5 * (sw2 / 2) ** l)).toBeCloseTo(1, 12));
      expect(r.chi1).toBeCloseTo(sw2 / 2, 12);
      expect(r.phase).toBe(sw2 < 2 ? 'ordered' : sw2 > 2 ? 'chaotic' : 'critical');
    }
  });
  it('tanh at (σw², σb²) = (1, 0) is critical with χ₁ = 1 and q* = 0', () => {
    const r = meanField({ activation: 'tanh', sigmaW2: 1, sigmaB2: 0 });
    expect(r.phase).toBe('critical');
    expect(r.chi1).toBeCloseTo(1, 12);
    expect(r.qStar).toBe(0);
  });
  it('tanh: ordered below the critical line (c* = 1), chaotic above (c* < 1, finite ξ_c)', () => {
    const o = meanField({ activation: 'tanh', sigmaW2: 1.2, sigmaB2: 0.05 });
    expect(o.phase).toBe('ordered');
    expect(o.cStar).toBe(1);
    expect(o.qStar).toBeCloseTo(1.2 * expectation((x) => Math.tanh(x) ** 2, o.qStar) + 0.05, 9);
    const c = meanField({ activation: 'tanh', sigmaW2: 2.5, sigmaB2: 0.05 });
    expect(c.phase).toBe('chaotic');
    expect(c.cStar).toBeLessThan(1);
    expect(Number.isFinite(c.xiC)).toBe(true);
  });
  it('criticalLine(tanh, [0.05]) agrees with an independent root finder to 1e-4', () => {
    const [w] = criticalLine('tanh', [0.05]);
    expect(Math.abs(w! - independentCritical(0.05))).toBeLessThan(1e-4);
    expect(criticalLine('tanh', [0])[0]).toBeCloseTo(1, 6);
  });
  it('phaseDiagram gives χ₁ on the grid and validates its arguments', () => {
    const d = phaseDiagram({ activation: 'tanh', sigmaW2: [0.5, 1.5, 4], sigmaB2: [0, 0.3] });
    expect(d.phase[0]).toEqual(['ordered', 'chaotic', 'chaotic']);
    expect(d.chi1[1]![0]).toBeLessThan(1);
    expect(() => phaseDiagram({ activation: 'tanh', sigmaW2: [-1], sigmaB2: [0] })).toThrow(RangeError);
    expect(() => meanField({ activation: 'nope' as 'tanh', sigmaW2: 1 })).toThrow(TypeError);
    expect(() => meanField({ activation: 'tanh', sigmaW2: 0 })).toThrow(/sigmaW2/);
  });
});
