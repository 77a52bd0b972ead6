// The playground's whole state, its URL-hash encoding, and the simulate() config it stands for.
// Shared by the page, its worker and test/browser/playground.test.ts (which runs simulate() in
// Node on the same config and compares the rendered numbers).
import { initializerDescriptors, type OptionDescriptor, type SimActivationName, type SimulateConfig, type SimulateResult } from 'weight-init';

export const ACTIVATIONS: readonly SimActivationName[] = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'silu', 'softplus', 'linear'];

/**
 * Every initializer that takes a dense [out, in] weight (rank 2: dirac and deltaOrthogonal are for
 * convolution kernels, so they are not offered), with its options: the library's descriptors, so a
 * new initializer appears here with its controls and nothing to edit.
 */
export const INITIALIZERS: Readonly<Record<string, readonly OptionDescriptor[]>> = Object.fromEntries(
  initializerDescriptors.filter((d) => d.ranks[0] <= 2 && 2 <= d.ranks[1]).map((d) => [d.name, d.options]),
);

/** The value an option control starts from: its default, or for a required option its example. */
export function startValue(spec: OptionDescriptor): number | string {
  return spec.kind === 'choice' ? spec.default : spec.default ?? spec.example;
}

export const RESIDUALS = ['none', 'alpha', 'zeroInitLast', 'fixup', 'depthScaled', 'rezero'] as const;
export type Residual = (typeof RESIDUALS)[number];

export interface State {
  activation: SimActivationName;
  /** leakyRelu slope, elu alpha (ignored by the others). */
  slope: number;
  alpha: number;
  init: string;
  /** Options given explicitly (others take the initializer's defaults). */
  initOptions: Record<string, number | string>;
  sigmaB2: number;
  depth: number;
  width: number;
  batch: number;
  seed: number;
  residual: Residual;
  residualAlpha: number;
  norm: 'none' | 'layer';
  /** Layer of the histogram, 0..depth. */
  layer: number;
  /** Histogram of hˡ ('pre') or φ(hˡ) ('post'). */
  hist: 'pre' | 'post';
  /** Networks simulated: 1, or an ensemble whose 25–75 % and 5–95 % bands the q/g charts shade. */
  networks: number;
}

/** The ensemble toggle's choices: one network, or enough for quartile bands at interactive speed. */
export const NETWORK_CHOICES = [1, 16] as const;

export const DEFAULT_STATE: Readonly<State> = Object.freeze({
  activation: 'relu', slope: 0.01, alpha: 1, init: 'kaimingNormal', initOptions: {}, sigmaB2: 0,
  depth: 50, width: 256, batch: 128, seed: 0, residual: 'none', residualAlpha: 0.5, norm: 'none', layer: 25, hist: 'pre', networks: 1,
} satisfies State);

/** `normal:std=0.01` / `kaimingNormal` / `varianceScaling:scale=2,mode=fanAvg`. */
export function formatInit(id: string, options: Record<string, number | string>): string {
  const parts = Object.entries(options).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? id : `${id}:${parts.join(',')}`;
}

/** Inverse of {@link formatInit}; unknown ids or options throw. */
export function parseInit(text: string): { init: string; initOptions: Record<string, number | string> } {
  const [id = '', rest] = text.split(/:(.*)/s);
  const specs = INITIALIZERS[id];
  if (specs === undefined) throw new Error(`unknown initializer ${JSON.stringify(id)}`);
  const initOptions: Record<string, number | string> = {};
  for (const part of rest ? rest.split(',') : []) {
    const [k = '', v = ''] = part.split('=');
    const spec = specs.find((s) => s.name === k);
    if (spec === undefined) throw new Error(`${id} has no option ${JSON.stringify(k)}`);
    if (spec.kind !== 'choice') {
      const x = Number(v);
      if (v === '' || !Number.isFinite(x)) throw new Error(`${id}: ${k} must be a number`);
      if (spec.kind === 'integer' && !Number.isInteger(x)) throw new Error(`${id}: ${k} must be an integer`);
      initOptions[k] = x;
    } else {
      if (!spec.choices.includes(v)) throw new Error(`${id}: ${k} must be one of ${spec.choices.join(', ')}`);
      initOptions[k] = v;
    }
  }
  return { init: id, initOptions };
}

const INTS = { depth: [1, 500], width: [2, 2048], batch: [2, 2048], seed: [0, 2 ** 32 - 1] } as const;

/** State → `#act=relu&init=normal:std=0.01&…` (every field, so a link reproduces the view). */
export function toHash(s: State): string {
  const p = new URLSearchParams();
  p.set('act', s.activation);
  if (s.activation === 'leakyRelu') p.set('slope', String(s.slope));
  if (s.activation === 'elu') p.set('alpha', String(s.alpha));
  p.set('init', formatInit(s.init, s.initOptions));
  p.set('sb2', String(s.sigmaB2));
  p.set('depth', String(s.depth));
  p.set('width', String(s.width));
  p.set('batch', String(s.batch));
  p.set('seed', String(s.seed));
  p.set('res', s.residual === 'alpha' ? `alpha=${s.residualAlpha}` : s.residual);
  p.set('norm', s.norm);
  p.set('layer', String(s.layer));
  p.set('hist', s.hist);
  p.set('nets', String(s.networks));
  return '#' + p.toString().replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%3D/g, '=');
}

/** Hash → state; missing or invalid fields take the defaults (and are listed in `problems`). */
export function fromHash(hash: string): { state: State; problems: string[] } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const s: State = { ...DEFAULT_STATE, initOptions: {} };
  const problems: string[] = [];
  const num = (key: string, set: (x: number) => void, ok: (x: number) => boolean): void => {
    const v = p.get(key);
    if (v === null) return;
    const x = Number(v);
    if (v !== '' && Number.isFinite(x) && ok(x)) set(x); else problems.push(`${key}=${v}`);
  };
  const act = p.get('act');
  if (act !== null) { if ((ACTIVATIONS as readonly string[]).includes(act)) s.activation = act as SimActivationName; else problems.push(`act=${act}`); }
  num('slope', (x) => { s.slope = x; }, () => true);
  num('alpha', (x) => { s.alpha = x; }, (x) => x > 0);
  const init = p.get('init');
  if (init !== null) {
    try { Object.assign(s, parseInit(init)); } catch (e) { problems.push(`init=${init} (${(e as Error).message})`); }
  }
  num('sb2', (x) => { s.sigmaB2 = x; }, (x) => x >= 0);
  for (const [key, [lo, hi]] of Object.entries(INTS)) num(key, (x) => { (s as unknown as Record<string, number>)[key] = x; }, (x) => Number.isInteger(x) && x >= lo && x <= hi);
  const res = p.get('res');
  if (res !== null) {
    const m = /^alpha=(.+)$/.exec(res);
    if (m && Number.isFinite(Number(m[1]))) { s.residual = 'alpha'; s.residualAlpha = Number(m[1]); }
    else if ((RESIDUALS as readonly string[]).includes(res) && res !== 'alpha') s.residual = res as Residual;
    else problems.push(`res=${res}`);
  }
  const norm = p.get('norm');
  if (norm !== null) { if (norm === 'none' || norm === 'layer') s.norm = norm; else problems.push(`norm=${norm}`); }
  num('layer', (x) => { s.layer = x; }, (x) => Number.isInteger(x) && x >= 0);
  s.layer = Math.min(s.layer, s.depth);
  const hist = p.get('hist');
  if (hist !== null) { if (hist === 'pre' || hist === 'post') s.hist = hist; else problems.push(`hist=${hist}`); }
  num('nets', (x) => { s.networks = x; }, (x) => (NETWORK_CHOICES as readonly number[]).includes(x));
  return { state: s, problems };
}

/** The activation argument of simulate()/meanField(). */
export function activationOf(s: State): SimulateConfig['activation'] {
  if (s.activation === 'leakyRelu') return { name: 'leakyRelu', slope: s.slope };
  if (s.activation === 'elu') return { name: 'elu', alpha: s.alpha };
  return s.activation;
}

/** The simulate() config the state stands for (options the initializer requires get the playground's defaults). */
export function toConfig(s: State): SimulateConfig {
  const options: Record<string, number | string> = {};
  for (const spec of INITIALIZERS[s.init] ?? []) if (spec.kind !== 'choice' && spec.default === undefined) options[spec.name] = spec.example;
  Object.assign(options, s.initOptions);
  const config: SimulateConfig = {
    depth: s.depth, width: s.width, batch: s.batch, seed: s.seed, activation: activationOf(s),
    init: Object.keys(options).length === 0 ? s.init : { id: s.init, ...options },
    bias: { sigmaB2: s.sigmaB2 }, norm: s.norm,
  };
  if (s.residual !== 'none') config.residual = s.residual === 'alpha' ? { alpha: s.residualAlpha } : s.residual;
  // One network is simulate() without the option (the page's numbers stay those of a plain call).
  if (s.networks > 1) config.networks = s.networks;
  return config;
}

/** Fixed-precision text of a number as the page shows it. */
export function format(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(4))) : x.toExponential(3).replace('-', '−');
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
const power = (k: number): string => `×10${String(k).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;

/**
 * The one-line verdict from the measured q (forward) and g (backward): the larger of the two
 * drifts over depth, as a power of ten. Within ×10 either way: "critical".
 */
export function verdict(r: Pick<SimulateResult, 'layers' | 'depth'>): { kind: 'vanishing' | 'exploding' | 'critical'; text: string } {
  const L = r.depth, layers = r.layers;
  const q0 = layers[0]!.q, qL = layers[L]!.q;
  const dead = layers.findIndex((x) => x.q === 0 || !Number.isFinite(x.q));
  if (dead > 0) {
    const zero = layers[dead]!.q === 0;
    return { kind: zero ? 'vanishing' : 'exploding', text: `${zero ? 'vanishing' : 'exploding'}: the signal ${zero ? 'underflows to 0' : 'overflows'} in float32 by layer ${dead}` };
  }
  const fwd = Math.log10(qL / q0);
  const gL = layers[L]!.g, g0 = layers[0]!.g;
  const bwd = Number.isFinite(g0) && gL > 0 ? Math.log10(g0 / gL) : 0;
  const worst = Math.abs(bwd) > Math.abs(fwd) ? bwd : fwd;
  if (!Number.isFinite(worst)) return { kind: worst < 0 ? 'vanishing' : 'exploding', text: `${worst < 0 ? 'vanishing' : 'exploding'} beyond float range` };
  if (Math.abs(worst) < 1) return { kind: 'critical', text: `critical (q and g stay within ×10 over ${L} layers)` };
  const k = Math.round(worst);
  const kind = worst < 0 ? 'vanishing' : 'exploding';
  return {
    kind,
    text: worst === fwd ? `${kind} ${power(k)} by layer ${L}` : `${kind} gradients ${power(k)} by layer 0 (backward from layer ${L})`,
  };
}
