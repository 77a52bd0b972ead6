// Property-based tests (fast-check, fixed seeds; 12,000 cases in all, small shapes):
//  1. random valid shape/options -> right length and type, finite, inside the documented support,
//     float64 = widened float32, same seed = same bits;
//  2. random invalid call -> TypeError/RangeError naming the argument, `out` untouched, and the
//     generator yields the same values as an untouched one;
//  3. a generator and the equivalent seed agree, and consecutive calls continue one stream;
//  4. every id spelling resolves to the same initializer.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Generator } from '../../src/random/generator.js';
import { getInitializer } from '../../src/initializers/index.js';
import { SPECS, shapeArb, type Opts, type Spec } from '../support/init-specs.js';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const specArb = fc.constantFrom(...SPECS);

function validCall(spec: Spec) {
  return fc.record({ sh: shapeArb(spec.shapes), params: spec.params, seed: fc.nat(), dtype: fc.constantFrom(undefined, 'float32', 'float64') });
}
const validArb = specArb.chain((spec) => validCall(spec).map((c) => ({ spec, ...c })));

describe('properties', () => {
  test('valid calls: length, type, finite, support, dtype and seed determinism', () => {
    fc.assert(fc.property(validArb, ({ spec, sh, params, seed, dtype }) => {
      const opts: Opts = { ...params, ...sh.extra, seed, ...(dtype ? { dtype } : {}) };
      const x = spec.fn(sh.shape, opts);
      expect(x).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
      expect(x.length).toBe(size(sh.shape));
      for (const v of x) {
        if (!Number.isFinite(v) || !spec.within(v, sh.shape, opts)) {
          throw new Error(`${spec.name}(${JSON.stringify(sh.shape)}, ${JSON.stringify(opts)}): ${v} outside the support`);
        }
      }
      const again = spec.fn(sh.shape, { ...opts, dtype: 'float32' });
      expect(Array.from(again)).toEqual(Array.from(x));
    }), { numRuns: 3000, seed: 20240301 });
  });

  type Corruption = { patch: Opts; name: RegExp; shape?: (s: number[]) => unknown; out?: 'short' | 'int' };
  const common: Corruption[] = [
    { patch: {}, name: /shape/, shape: (s) => [...s, -1] },
    { patch: {}, name: /shape/, shape: (s) => [...s, 1.5] },
    { patch: {}, name: /shape/, shape: (s) => [...s, Number.NaN] },
    { patch: {}, name: /shape/, shape: (s) => [...s, '2'] },
    { patch: {}, name: /shape/, shape: () => 'not a shape' },
    { patch: { bogus: 1 }, name: /bogus/ },
    { patch: { seed: -1, generator: undefined }, name: /seed/ },
    { patch: { seed: 1.5, generator: undefined }, name: /seed/ },
    { patch: { seed: 1 }, name: /generator or seed/ },
    { patch: { generator: {} }, name: /generator/ },
    { patch: { dtype: 'float16' }, name: /dtype/ },
    { patch: { layout: 'nchw' }, name: /layout/ },
    { patch: { fans: { fanIn: -1, fanOut: 1 } }, name: /fans/ },
    { patch: { fans: { fanIn: 1 } }, name: /fans/ },
    { patch: {}, name: /out/, out: 'short' },
    { patch: {}, name: /out/, out: 'int' },
  ];
  const invalidArb = validArb.chain((c) => {
    const specific: Corruption[] = c.spec.bad.map(([patch, name]) => ({ patch, name }));
    // Shapes the initializer cannot take at all.
    if (c.spec.shapes === 'matrix') specific.push({ patch: {}, name: /shape/, shape: () => [2, 2, 2] });
    if (c.spec.shapes === 'dirac') specific.push({ patch: {}, name: /shape/, shape: () => [2, 2] });
    if (c.spec.shapes === 'fan') specific.push({ patch: { layout: 'torch', fans: undefined }, name: /shape/, shape: () => [3] });
    return fc.constantFrom(...common, ...specific).map((k) => ({ ...c, k }));
  });

  test('invalid calls: error names the argument; out and generator untouched', () => {
    fc.assert(fc.property(invalidArb, ({ spec, sh, params, seed, k }) => {
      const g = new Generator(seed);
      const n = size(sh.shape);
      const out = k.out === 'int' ? new Int32Array(n) : new Float32Array(k.out === 'short' ? n + 1 : n).fill(7);
      const opts: Opts = { ...params, ...sh.extra, generator: g, out, ...k.patch };
      for (const key of Object.keys(opts)) if (opts[key] === undefined) delete opts[key];
      const shape = k.shape ? k.shape(sh.shape) : sh.shape;
      let error: unknown;
      try {
        spec.fn(shape as number[], opts);
      } catch (e) {
        error = e;
      }
      if (!(error instanceof TypeError || error instanceof RangeError)) {
        throw new Error(`${spec.name}(${JSON.stringify(shape)}, ${JSON.stringify({ ...opts, out: undefined, generator: undefined })}) did not throw a TypeError/RangeError: ${String(error)}`);
      }
      expect(error.message).toMatch(k.name);
      if (!k.out) expect(Array.from(out).every((v) => v === 7)).toBe(true);
      expect(g.position).toBe(0n);
      expect(Array.from(g.uint32(8))).toEqual(Array.from(new Generator(seed).uint32(8)));
    }), { numRuns: 5000, seed: 20240302 });
  });

  test('generator and seed agree; consecutive calls continue the stream', () => {
    const randomSpecs = SPECS.filter((s) => !['zeros', 'ones', 'constant', 'eye', 'identity', 'dirac'].includes(s.name));
    const arb = fc.constantFrom(...randomSpecs).chain((spec) => validCall(spec).map((c) => ({ spec, ...c })));
    fc.assert(fc.property(arb, ({ spec, sh, params, seed }) => {
      const opts: Opts = { ...params, ...sh.extra };
      const g = new Generator(seed);
      const a = spec.fn(sh.shape, { ...opts, generator: g });
      expect(Array.from(a)).toEqual(Array.from(spec.fn(sh.shape, { ...opts, seed })));
      const b = spec.fn(sh.shape, { ...opts, generator: g });
      const h = new Generator(seed);
      spec.fn(sh.shape, { ...opts, generator: h });
      expect(h.position).toBe(g.position / 2n);
      expect(Array.from(b)).toEqual(Array.from(spec.fn(sh.shape, { ...opts, generator: h })));
    }), { numRuns: 2000, seed: 20240303 });
  });

  test('getInitializer: camelCase, snake_case, PascalCase and torch_ spellings agree', () => {
    const spell = (name: string) => fc.constantFrom(
      name,
      name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      name[0]!.toUpperCase() + name.slice(1),
      `${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_`,
    );
    const arb = specArb.chain((spec) => fc.record({ spec: fc.constant(spec), id: spell(spec.name), call: validCall(spec) }));
    fc.assert(fc.property(arb, ({ spec, id, call }) => {
      const opts: Opts = { ...call.params, ...call.sh.extra, seed: call.seed };
      expect(Array.from(getInitializer(id, opts)(call.sh.shape))).toEqual(Array.from(spec.fn(call.sh.shape, opts)));
    }), { numRuns: 2000, seed: 20240304 });
  });
});
