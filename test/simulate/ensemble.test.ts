// simulate's `networks` and `threads` (issue 15): the finite-width theory against large ensembles,
// the same bits for every thread count, the result's shape and the option checks.
import { describe, expect, it } from 'vitest';
import { simulate, type EnsembleStats, type SimulateConfig } from '../../src/index.js';
import { lastParallelEnsemble, parallelSupported } from '../../src/parallel/pool.js';
import { kurtosisExcess } from '../../src/simulate/finite-width.js';
import { summarise } from '../../src/simulate/ensemble.js';

const L = 30, N = 256, K = 800;

describe('ensemble: finite-width theory (width 256, depth 30, batch 1, K = 800)', () => {
  // Tolerances, derived. With batch 1, zero bias and h¹ = W¹x, a network's q_L is q̂₀ · X where X is a
  // product of independent per-layer factors (docs/simulator.md), independent of the drawn input's
  // q̂₀ = q0 · χ²_{n₀}/n₀. So E[q_L] = q0 · E[X] = qMean[L] exactly, and its exact relative second
  // moment is E[q_L²]/E[q_L]² = (1 + 2/n₀) · exp(logQVar[L]): the standard error of the ensemble
  // mean is qMean[L] · √((1 + 2/n₀) · exp(logQVar[L]) − 1) / √K, and 4 of them is the bound (a
  // 6e-5 chance for a normal mean). The sample variance of log q_L has a relative standard error
  // ≈ √(2/(K − 1)) = 0.05 (log q_L is a sum of 31 independent terms: close to normal), so the
  // issue's 20 % is 4 of them. Part of that margin goes to what the prediction leaves out: the
  // log-normal approximation (linear: the exact Var log χ²_n/n = ψ′(n/2) ≈ 2/n + 2/n² against
  // log(1 + 2/n) ≈ 2/n − 2/n², 30 layers: +1 %) and the input's own log-variance ψ′(n₀/2) ≈ 2/n₀
  // (+1.4 % ReLU, +3.4 % linear), which leaves ≥ 3.2 standard errors. (K = 400 left 2.2 of them in
  // the linear case, too few: one of six cases came out at +20.02 %.)
  const cases = [
    ['relu', 1.8, 11], ['relu', 2, 12], ['relu', 2.2, 13], ['linear', 0.9, 21], ['linear', 1, 22], ['linear', 1.1, 23],
  ] as const;
  for (const [activation, sigmaW2, seed] of cases) {
    it(`${activation}, σw² = ${sigmaW2}: E[q_L/q0] within 4 SE, Var log q_L within 20 %`, () => {
      const r = simulate({
        depth: L, width: N, batch: 1, activation, init: { sigmaW2 }, activateInput: false, backward: false, jacobianProbes: 0,
        networks: K, threads: 2, seed,
      });
      const th = r.ensemble!.theory!;
      const kappa = activation === 'relu' ? 5 : 2;
      expect(kurtosisExcess(activation, 0)).toBe(kappa);
      // The mean-field mean: q_l = σw² (E[φ²]/q) q_{l−1}, with h¹ = W¹x (no φ on the input).
      const m2 = activation === 'relu' ? 0.5 : 1;
      expect(th.qMean[L]).toBeCloseTo(sigmaW2 * (sigmaW2 * m2) ** (L - 1), 10);
      const logRatio = Math.log((1 + 2 / N) * (1 + kappa / N) ** (L - 1));
      expect(th.logQVar[L]).toBeCloseTo(logRatio, 12);
      const q = r.ensemble!.layers[L]!.q;
      const se = th.qMean[L]! * Math.sqrt((1 + 2 / N) * Math.exp(th.logQVar[L]!) - 1) / Math.sqrt(K);
      expect(Math.abs(q.mean - th.qMean[L]!)).toBeLessThan(4 * se);
      expect(Math.abs(q.logVar / logRatio - 1)).toBeLessThan(0.2);
    });
  }

  it('κ for leaky ReLU is 6(1 + a⁴)/(1 + a²)² − 1; none for other activations', () => {
    expect(kurtosisExcess('leakyRelu', 0.2)).toBeCloseTo((6 * (1 + 0.2 ** 4)) / (1 + 0.04) ** 2 - 1, 14);
    expect(kurtosisExcess('leakyRelu', 1)).toBe(2); // slope 1 is linear
    expect(kurtosisExcess('tanh', 0)).toBeUndefined();
  });
});

const SMALL: SimulateConfig = { depth: 8, width: 48, batch: 16, activation: 'tanh', init: 'xavierNormal', jacobianProbes: 2, seed: 7 };

describe('ensemble: the same bits for threads 1, 2 and 3', () => {
  for (const networks of [5, 7]) {
    it(`K = ${networks}`, () => {
      const runs = [1, 2, 3].map((threads) => simulate({ ...SMALL, networks, threads }));
      // Every number (top level and ensemble) through its float64 bits: −0, NaN and all.
      const same = (a: unknown, b: unknown): void => {
        expect(JSON.stringify(a, (_k, v: unknown) => (typeof v === 'number' ? bitsOf(v) : v)))
          .toBe(JSON.stringify(b, (_k, v: unknown) => (typeof v === 'number' ? bitsOf(v) : v)));
      };
      same(runs[0], runs[1]);
      same(runs[0], runs[2]);
      if (parallelSupported()) expect(lastParallelEnsemble()?.threads).toBe(3);
    });
  }

  it('an input array crosses to the workers; a function init runs on the calling thread, same values', () => {
    const input = Float32Array.from({ length: 16 * 48 }, (_, i) => Math.sin(i));
    const withInput = { ...SMALL, input, networks: 4 };
    expect(simulate({ ...withInput, threads: 2 })).toEqual(simulate({ ...withInput, threads: 1 }));
    const fn = { ...SMALL, init: (s: [number, number], g: { normal(n: number, o: { std: number }): Float32Array }) => g.normal(s[0] * s[1], { std: 0.2 }), networks: 3 };
    expect(simulate({ ...fn, threads: 2 })).toEqual(simulate({ ...fn, threads: 1 }));
  });
});

function bitsOf(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16);
}

const KEYS = ['q', 'g', 'cosine', 'zeroFraction', 'saturatedFraction', 'distinctNeurons'] as const;

describe('ensemble: result shape', () => {
  it('per layer and statistic: mean, median, quantiles, log moments; the top level is network 0', () => {
    const r = simulate({ ...SMALL, networks: 6 });
    const e = r.ensemble!;
    expect(e.networks).toBe(6);
    expect(e.layers).toHaveLength(SMALL.depth + 1);
    expect(e.theory).toBeUndefined(); // tanh, batch 16: no finite-width theory
    expect(e.layers[0]!.weightGradNorm).toBeUndefined();
    for (const layer of e.layers.slice(1)) expect(layer.weightGradNorm).toBeDefined();
    for (const layer of e.layers) {
      for (const key of KEYS) {
        const s: EnsembleStats = layer[key];
        expect(Object.keys(s).sort()).toEqual(['logMean', 'logVar', 'mean', 'median', 'quantiles']);
        const { p05, p25, p75, p95 } = s.quantiles;
        expect(p05 <= p25 && p25 <= s.median && s.median <= p75 && p75 <= p95).toBe(true);
      }
    }
    // Network 0 is the same network whatever K (and so is the rest of the top level).
    const one = simulate({ ...SMALL, networks: 1 });
    expect(r.layers).toEqual(one.layers);
    expect(r.jacobian).toEqual(one.jacobian);
    expect(one.ensemble!.layers[3]!.q.mean).toBe(one.layers[3]!.q);
    expect(one.ensemble!.layers[3]!.q.logVar).toBeNaN(); // K − 1 = 0
    // …and it is not the single run's network (that one draws from new Generator(seed) itself).
    const single = simulate(SMALL);
    expect(single.ensemble).toBeUndefined();
    expect(single.layers[3]!.q).not.toBe(one.layers[3]!.q);
  });

  it('theory where it is exact only: homogeneous φ, Gaussian weights, no bias, batch 1, h¹ = W¹x', () => {
    const base: SimulateConfig = { depth: 4, width: 32, batch: 1, activation: { name: 'leakyRelu', slope: 0.1 }, activateInput: false, networks: 2 };
    for (const init of [{ sigmaW2: 2 }, 'kaimingNormal', { id: 'xavierNormal', gain: 1.2 }, 'normal'] as const) {
      expect(simulate({ ...base, init }).ensemble!.theory, String(init)).toBeDefined();
    }
    for (const init of ['heNormal', 'kaimingUniform', 'orthogonal'] as const) {
      expect(simulate({ ...base, init }).ensemble!.theory, init).toBeUndefined();
    }
    expect(simulate({ ...base, batch: 2 }).ensemble!.theory).toBeUndefined();
    expect(simulate({ ...base, activateInput: true }).ensemble!.theory).toBeUndefined();
    expect(simulate({ ...base, bias: { sigmaB2: 0.1 } }).ensemble!.theory).toBeUndefined();
    expect(simulate({ ...base, activation: 'tanh' }).ensemble!.theory).toBeUndefined();
    const t = simulate({ ...base, init: { sigmaW2: 2 } });
    expect(t.ensemble!.theory!.qMean).toEqual(t.theory!.q);
    expect(t.ensemble!.theory!.logQVar[0]).toBe(0);
  });

  it('summaries: type-7 quantiles, NaN rules', () => {
    const s = summarise(Float64Array.of(4, 1, 3, 2, 10));
    expect(s.mean).toBe(4);
    expect(s.median).toBe(3);
    // h = 4p: p05 → x₀ + 0.2(x₁ − x₀), p25 → x₁, p75 → x₃, p95 → x₃ + 0.8(x₄ − x₃).
    expect(s.quantiles.p05).toBeCloseTo(1.2, 14);
    expect([s.quantiles.p25, s.quantiles.p75]).toEqual([2, 4]);
    expect(s.quantiles.p95).toBeCloseTo(8.8, 14);
    expect(s.logMean).toBeCloseTo(Math.log(240) / 5, 14);
    expect(summarise(Float64Array.of(1, 0, 2)).logMean).toBeNaN();
    expect(summarise(Float64Array.of(1, 0, 2)).median).toBe(1);
    expect(summarise(Float64Array.of(1, NaN, 2)).median).toBeNaN();
  });

  it('onLayer sees network 0 only; onProgress counts networks', () => {
    const seen: number[] = [];
    const progress: number[][] = [];
    simulate({ ...SMALL, networks: 3, threads: 2, onLayer: (l) => seen.push(l), onProgress: (d, t) => progress.push([d, t]) });
    expect(seen).toEqual([...Array(SMALL.depth + 1).keys()]);
    expect(progress.at(-1)).toEqual([3, 3]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]!);
  });
});

describe('ensemble: option checks', () => {
  it('networks: a positive integer; train needs networks 1; threads checked', () => {
    expect(() => simulate({ ...SMALL, networks: 0 })).toThrow(RangeError);
    expect(() => simulate({ ...SMALL, networks: 2.5 })).toThrow(/networks/);
    expect(() => simulate({ ...SMALL, networks: '3' as unknown as number })).toThrow(TypeError);
    expect(() => simulate({ ...SMALL, networks: 2, train: { steps: 1, lr: 0.1 } })).toThrow(/networks/);
    expect(simulate({ ...SMALL, networks: 1, train: { steps: 1, lr: 0.1 } }).train?.loss).toHaveLength(2);
    expect(() => simulate({ ...SMALL, networks: 2, threads: 0 })).toThrow(/threads/);
  });
});
