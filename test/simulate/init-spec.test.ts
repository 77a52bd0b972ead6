// The init and bias specs: parsed once (src/simulate/init-spec.ts), checked before any work, and
// drawn the same way whether a layer is drawn in place or through a new array.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { parseSpec } from '../../src/simulate/init-spec.js';

describe('parseSpec', () => {
  it('tells the four forms apart (sigmaW2, then sigmaB2, then id, when several keys are given)', () => {
    expect(parseSpec('init', 'kaimingNormal')).toMatchObject({ kind: 'initializer', id: 'kaimingNormal', options: undefined });
    expect(parseSpec('init', { id: 'xavierNormal', gain: 2 })).toMatchObject({ kind: 'initializer', id: 'xavierNormal', options: { gain: 2 } });
    expect(parseSpec('init', { sigmaW2: 2, id: 'heNormal' })).toEqual({ kind: 'gaussian', variance: 2, perFanIn: true });
    expect(parseSpec('bias', { sigmaB2: 0.1 })).toEqual({ kind: 'gaussian', variance: 0.1, perFanIn: false });
    expect(parseSpec('init', () => new Float32Array(0)).kind).toBe('function');
  });

  it('names the option and the problem', () => {
    expect(() => parseSpec('init', { sigmaW2: -1 })).toThrow(new RangeError('init.sigmaW2 must be >= 0, got -1'));
    expect(() => parseSpec('bias', { sigmaB2: '1' })).toThrow(TypeError);
    expect(() => parseSpec('bias', 3)).toThrow(/^bias must be an initializer id/);
    expect(() => parseSpec('init', 'nope')).toThrow(/unknown initializer id "nope"/);
  });
});

describe('simulate: init and bias specs', () => {
  const small = { depth: 3, width: 8, batch: 4, seed: 1, jacobianProbes: 2 } as const;

  it('rejects a bad spec before any work (no progress reported)', () => {
    let calls = 0;
    const onProgress = (): void => { calls++; };
    expect(() => simulate({ ...small, init: { sigmaW2: Number.NaN }, onProgress })).toThrow(/init\.sigmaW2/);
    expect(() => simulate({ ...small, bias: [1] as never, onProgress })).toThrow(/^bias must be/);
    expect(calls).toBe(0);
  });

  it("'zeroInitLast' never reads the init spec", () => {
    const r = simulate({ ...small, residual: 'zeroInitLast', init: 'no such initializer' });
    expect(r.layers[3]!.q).toBe(r.layers[0]!.q);
  });

  it('in place ({ sigmaW2 }) and through a function: the same weights, the same bits', () => {
    const viaSpec = simulate({ ...small, activation: 'tanh', init: { sigmaW2: 2 } });
    const viaFunction = simulate({ ...small, activation: 'tanh', init: (shape, g) => g.normal(shape[0] * shape[1], { std: Math.sqrt(2 / shape[1]) }) });
    expect(viaFunction.layers).toEqual(viaSpec.layers);
    expect(viaFunction.jacobian).toEqual(viaSpec.jacobian);
    expect(viaFunction.theory).toBeUndefined(); // a function promises no σ_w²
    expect(viaSpec.theory!.sigmaW2).toEqual([2, 2, 2]);
  });
});
