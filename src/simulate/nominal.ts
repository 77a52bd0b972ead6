// The nominal σ_w² = Var(W)·fanIn an init spec promises (variance-scaling and zero-mean normal
// specs), which the simulator's mean-field theory uses instead of the drawn weights' variance.
import { calculateGain, type Nonlinearity } from '../initializers/gain.js';

/** σ_w² (Var(W)·fanIn) of layer l for iid zero-mean variance-scaling specs, else undefined. */
export function nominalSigmaW2(spec: unknown, fanIn: number, fanOut: number): number | undefined {
  if (spec !== null && typeof spec === 'object' && 'sigmaW2' in spec) return (spec as { sigmaW2: number }).sigmaW2;
  let id: string, o: Record<string, unknown> = {};
  if (typeof spec === 'string') id = spec;
  else if (spec !== null && typeof spec === 'object' && typeof (spec as { id?: unknown }).id === 'string') {
    ({ id, ...o } = spec as { id: string });
  } else return undefined;
  const key = id.toLowerCase().replace(/[_-]/g, '');
  const num = (k: string, d: number): number => (typeof o[k] === 'number' ? (o[k] as number) : d);
  const avg = 2 * fanIn / (fanIn + fanOut);
  switch (key) {
    case 'henormal': case 'heuniform': return 2;
    case 'lecunnormal': case 'lecununiform': return 1;
    case 'glorotnormal': case 'glorotuniform': return avg;
    case 'xaviernormal': case 'xavieruniform': { const gain = num('gain', 1); return gain * gain * avg; }
    case 'kaimingnormal': case 'kaiminguniform': {
      const gain = calculateGain((o.nonlinearity as Nonlinearity | undefined) ?? 'leaky_relu', num('a', 0));
      return gain * gain * (o.mode === 'fanOut' || o.mode === 'fan_out' ? fanIn / fanOut : 1);
    }
    case 'normal': case 'randomnormal':
      { const std = num('std', typeof o.stddev === 'number' ? (o.stddev as number) : 1); return num('mean', 0) === 0 ? std * std * fanIn : undefined; }
    default: return undefined;
  }
}
