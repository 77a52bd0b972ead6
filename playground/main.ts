// The playground page: controls ⇄ URL hash ⇄ state; the worker computes; uPlot draws.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import {
  ACTIVATIONS, DEFAULT_STATE, INITIALIZERS, RESIDUALS, format, formatInit, fromHash, startValue, toHash, verdict, type State,
} from './state.js';
import type { Histogram, Reply, Request } from './worker.js';
import type { PhaseDiagram, SimulateResult, MeanFieldResult } from 'weight-init';

const $ = <T extends Element = HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;
const form = $<HTMLFormElement>('#controls');
const field = <T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(name: string): T => form.elements.namedItem(name) as T;

let state: State = fromHash(location.hash).state;

// ---------------------------------------------------------------- controls

function fillSelect(name: string, values: readonly string[]): void {
  const sel = field<HTMLSelectElement>(name);
  sel.replaceChildren(...values.map((v) => new Option(v, v)));
}
fillSelect('activation', ACTIVATIONS);
fillSelect('init', Object.keys(INITIALIZERS));
fillSelect('residual', RESIDUALS);

/** Spinner step of a number control: a tenth of the start value's decade (0.01 around 0). */
function stepFor(x: number): number {
  return x === 0 ? 0.01 : 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
}

function renderInitOptions(): void {
  const box = $('#init-options');
  box.replaceChildren(...INITIALIZERS[state.init]!.map((spec) => {
    const label = document.createElement('label');
    label.append(`${spec.name} `);
    label.title = spec.summary;
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.kind !== 'choice') {
      input = document.createElement('input');
      input.type = 'number';
      input.step = String(spec.kind === 'integer' ? 1 : stepFor(spec.example));
    } else {
      input = document.createElement('select');
      input.append(...spec.choices.map((c) => new Option(c, c)));
    }
    input.value = String(state.initOptions[spec.name] ?? startValue(spec));
    input.name = `opt-${spec.name}`;
    input.dataset.option = spec.name;
    label.append(input);
    return label;
  }));
  $('#init-spec').textContent = formatInit(state.init, state.initOptions);
}

function writeControls(): void {
  for (const key of ['activation', 'slope', 'alpha', 'depth', 'width', 'batch', 'seed', 'residual', 'residualAlpha', 'norm', 'init', 'sigmaB2', 'hist', 'networks'] as const) {
    field(key).value = String(state[key]);
  }
  const layer = field('layer');
  layer.max = String(state.depth);
  layer.value = String(state.layer);
  $('#layer-out').textContent = String(state.layer);
  for (const el of form.querySelectorAll<HTMLElement>('[data-for]')) el.hidden = el.dataset.for !== state.activation;
  for (const el of form.querySelectorAll<HTMLElement>('[data-for-residual]')) el.hidden = el.dataset.forResidual !== state.residual;
  renderInitOptions();
}

function readControls(changed: string): void {
  const num = (name: string): number => Number(field(name).value);
  const next: State = { ...state, initOptions: { ...state.initOptions } };
  next.activation = field('activation').value as State['activation'];
  for (const key of ['slope', 'alpha', 'sigmaB2', 'residualAlpha'] as const) if (Number.isFinite(num(key))) next[key] = num(key);
  for (const key of ['depth', 'width', 'batch', 'seed', 'layer'] as const) if (Number.isInteger(num(key)) && num(key) >= 0) next[key] = num(key);
  next.depth = Math.max(1, next.depth);
  next.width = Math.max(2, next.width);
  next.batch = Math.max(2, next.batch);
  next.residual = field('residual').value as State['residual'];
  next.norm = field('norm').value as State['norm'];
  next.hist = field('hist').value as State['hist'];
  next.networks = Number(field('networks').value);
  next.init = field('init').value;
  if (changed === 'init') next.initOptions = {};
  else {
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-option]')) {
      const name = el.dataset.option!;
      const spec = INITIALIZERS[next.init]!.find((s) => s.name === name)!;
      const value = spec.kind !== 'choice' ? Number(el.value) : el.value;
      if (spec.kind !== 'choice' && !Number.isFinite(value)) continue;
      if (value === startValue(spec)) delete next.initOptions[name]; else next.initOptions[name] = value;
    }
  }
  next.layer = Math.min(next.layer, next.depth);
  setState(next, changed === 'layer' || changed === 'hist' ? 'hist' : 'sim');
}

// On document, not the form: the histogram's slider and select sit in their figure (form="controls").
document.addEventListener('input', (e) => {
  const target = e.target as HTMLInputElement;
  if (target.form !== form) return;
  const name = target.name;
  if (name === 'layer') { $('#layer-out').textContent = field('layer').value; }
  readControls(name.replace(/^opt-.*/, 'option'));
});
form.addEventListener('submit', (e) => e.preventDefault());
window.addEventListener('hashchange', () => {
  if (location.hash === toHash(state)) return;
  state = fromHash(location.hash).state;
  writeControls();
  schedule('sim');
});

function setState(next: State, what: 'sim' | 'hist'): void {
  state = next;
  history.replaceState(null, '', toHash(state));
  writeControls();
  schedule(what);
}

// ---------------------------------------------------------------- workers

class Runner {
  private worker: Worker | undefined;
  private busy = false;
  constructor(private readonly onReply: (r: Reply) => void) {}
  send(req: Request): void {
    // A request while busy replaces the running one: the page never waits for stale work.
    if (this.busy) { this.worker?.terminate(); this.worker = undefined; }
    this.worker ??= this.spawn();
    this.busy = true;
    this.worker.postMessage(req);
  }
  private spawn(): Worker {
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<Reply>) => {
      if (e.data.type !== 'progress' && e.data.type !== 'sim') this.busy = false;
      this.onReply(e.data);
    };
    w.onerror = (e) => { this.busy = false; showError(e.message); };
    return w;
  }
}

let requestId = 0;
let renderedId = -1;
/** The hash each request was made for: #status[data-hash] names the state on screen (tests wait on it). */
const requestHash = new Map<number, string>();
let timer: ReturnType<typeof setTimeout> | undefined;
let pendingWhat: 'sim' | 'hist' = 'hist';
const sim = new Runner(onReply);
const phase = new Runner(onReply);
let phaseKey = '';
let phaseId = 0;
let last: { result: SimulateResult; sigmaW2: number; meanField: MeanFieldResult | null } | undefined;
let lastPhase: { diagram: PhaseDiagram; critical: number[] } | undefined;

function schedule(what: 'sim' | 'hist'): void {
  if (what === 'sim' || pendingWhat === 'sim') pendingWhat = 'sim';
  clearTimeout(timer);
  timer = setTimeout(() => {
    const what2 = pendingWhat;
    pendingWhat = 'hist';
    const id = ++requestId;
    requestHash.set(id, toHash(state));
    setStatus('running', what2 === 'sim' ? 'simulating…' : 'histogram…');
    sim.send({ type: what2 === 'sim' ? 'sim' : 'hist', id, state });
  }, 150);
}

function setStatus(s: 'running' | 'done' | 'error', text: string): void {
  const el = $('#status');
  el.dataset.state = s;
  if (s !== 'done') el.dataset.hash = '';
  el.dataset.request = String(requestId);
  el.textContent = text;
}
function showError(message: string): void {
  setStatus('error', `error: ${message}`);
}

function onReply(r: Reply): void {
  if (r.type === 'phase') {
    if (r.id === phaseId) { lastPhase = r; drawPhase(); }
    return;
  }
  if (r.id !== requestId) return;
  if (r.type === 'progress') { setStatus('running', `simulating… ${Math.round((100 * r.done) / r.total)}%`); return; }
  if (r.type === 'error') { showError(r.message); return; }
  if (r.type === 'sim') {
    last = r;
    renderSim(r.result, r.sigmaW2, r.meanField, r.ms, r.backend);
    requestPhase();
    return;
  }
  drawHist(r.hist);
  renderedId = r.id;
  setStatus('done', last ? `${last.result.backend} · simulate ${lastMs} ms` : 'done');
  $('#status').dataset.rendered = String(renderedId);
  $('#status').dataset.hash = requestHash.get(r.id) ?? '';
}

// ---------------------------------------------------------------- views

const charts: Record<string, uPlot> = {};
function chart(id: string, opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): void {
  const el = $(`#${id}`);
  charts[id]?.destroy();
  charts[id] = new uPlot({ width: el.clientWidth || 360, height: 220, ...opts } as uPlot.Options, data, el);
}
window.addEventListener('resize', () => {
  for (const [id, c] of Object.entries(charts)) c.setSize({ width: $(`#${id}`).clientWidth, height: 220 });
});

// Log-scale charts plot log10 of the values on a linear scale: a signal that vanishes by 10⁻⁹⁰ or
// underflows to 0 (a gap) still gives a readable axis.
const log10 = (x: number): number | null => (x > 0 && Number.isFinite(x) ? Math.log10(x) : null);
const tickText = (_u: uPlot, ticks: (number | null)[]): string[] => ticks.map((t) => (t == null ? '' : format(t)));
const SUP: Record<string, string> = { '-': '⁻', '.': '·', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
const pow10Text = (_u: uPlot, ticks: (number | null)[]): string[] => ticks.map((t) => (t == null ? '' : t === 0 ? '1' : `10${String(t).replace(/./g, (c) => SUP[c] ?? c)}`));
const layerAxis: uPlot.Axis = { label: 'layer ℓ', labelSize: 18, size: 30 };
const logAxis: uPlot.Axis = { size: 50, values: pow10Text, incrs: [1, 2, 5, 10, 20, 50, 100] };
let lastMs = 0;

function renderSim(r: SimulateResult, sigmaW2: number, mf: MeanFieldResult | null, ms: number, backend: string): void {
  lastMs = Math.round(ms);
  const L = r.depth;
  const xs = Array.from({ length: L + 1 }, (_, l) => l);
  const v = verdict(r);
  const vEl = $('#verdict');
  vEl.textContent = v.text;
  vEl.dataset.kind = v.kind;
  const theoryQ = r.theory?.q ?? (mf && state.residual === 'none' && state.norm === 'none' ? mf.q : null);
  const theoryG = r.theory?.g ?? null;
  const ens = r.ensemble;
  const lineChart = (id: string, label: string, field: 'q' | 'g', theory: number[] | null, color: string, fill: [string, string]): void => {
    const shown = (_u: uPlot, v: number | null): string => (v == null ? '—' : format(10 ** v));
    const series: uPlot.Series[] = [
      { label: 'ℓ' },
      { label: ens ? `${label}: median of ${ens.networks}` : label, stroke: color, width: 2, value: shown },
      { label: 'mean field', stroke: color, dash: [6, 4], width: 1.5, value: shown },
    ];
    const data: (number | null)[][] = [
      ens ? ens.layers.map((s) => log10(s[field].median)) : r.layers.map((s) => log10(s[field])),
      (theory ?? xs.map(() => NaN)).map(log10),
    ];
    const bands: uPlot.Band[] = [];
    if (ens) {
      // The quantiles are series of their own (thin edges) and uPlot fills between pairs of them.
      const quantile = (key: 'p05' | 'p25' | 'p75' | 'p95'): (number | null)[] => ens.layers.map((s) => log10(s[field].quantiles[key]));
      for (const [key, name] of [['p95', '95 %'], ['p75', '75 %'], ['p25', '25 %'], ['p05', '5 %']] as const) {
        series.push({ label: name, stroke: fill[1], width: 0.5, points: { show: false }, value: shown });
        data.push(quantile(key));
      }
      bands.push({ series: [3, 6], fill: fill[0] }, { series: [4, 5], fill: fill[1] });
    }
    chart(id, {
      scales: { x: { time: false }, y: { range: (_u, lo, hi) => [Math.floor(lo ?? -1) - 0.2, Math.ceil(hi ?? 1) + 0.2] } },
      axes: [layerAxis, logAxis],
      series,
      bands,
      legend: { show: true },
      // data-bands: how many bands the last draw filled (the playground test waits on it).
      hooks: { draw: [() => { $(`#${id}`).dataset.bands = String(bands.length); }] },
    }, [xs, ...data] as uPlot.AlignedData);
  };
  lineChart('chart-q', 'q (simulated)', 'q', theoryQ, '#1f5fbf', ['rgba(31,95,191,0.12)', 'rgba(31,95,191,0.28)']);
  lineChart('chart-g', 'g (simulated)', 'g', theoryG, '#b9770e', ['rgba(185,119,14,0.12)', 'rgba(185,119,14,0.28)']);
  chart('chart-frac', {
    scales: { x: { time: false }, y: { range: [0, 1] } },
    axes: [layerAxis, { size: 40 }],
    series: [{ label: 'ℓ' }, { label: 'dead', stroke: '#7d3c98', width: 2 }, { label: 'saturated', stroke: '#c0392b', width: 2 }],
  }, [xs, r.layers.map((x) => x.zeroFraction), r.layers.map((x) => x.saturatedFraction)]);

  // Numbers, with the exact values in data-exact (the tests compare them with simulate() in Node).
  const cell = (x: number | undefined, tag = 'td'): HTMLElement => {
    const el = document.createElement(tag);
    el.textContent = format(x);
    el.dataset.exact = String(x);
    return el;
  };
  const summary: [string, number | string | undefined][] = [
    ['backend', backend], ['q₀ → q_L', undefined], ['g₀ / g_L', r.layers[0]!.g / r.layers[L]!.g],
    ['dead at L', r.layers[L]!.zeroFraction], ['saturated at L', r.layers[L]!.saturatedFraction],
    ['σ_w²', sigmaW2], ['χ₁ (mean field)', mf?.chi1], ['phase', mf?.phase ?? '—'],
  ];
  $('#summary').replaceChildren(...summary.flatMap(([k, x]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    if (k === 'q₀ → q_L') {
      const dd = document.createElement('dd');
      dd.textContent = `${format(r.layers[0]!.q)} → ${format(r.layers[L]!.q)}`;
      return [dt, dd];
    }
    if (typeof x === 'number' || x === undefined) { const dd = cell(x, 'dd'); dd.dataset.key = k; return [dt, dd]; }
    const dd = document.createElement('dd');
    dd.textContent = x;
    return [dt, dd];
  }));
  $('#layers tbody').replaceChildren(...r.layers.map((s, l) => {
    const tr = document.createElement('tr');
    tr.dataset.layer = String(l);
    const th = document.createElement('td');
    th.textContent = String(l);
    tr.append(th, cell(s.q), cell(s.g), cell(s.zeroFraction), cell(s.saturatedFraction), cell(s.cosine));
    // With an ensemble: q's median and quartiles over the networks (the bands' numbers).
    const e = ens?.layers[l]?.q;
    if (e) tr.append(cell(e.median), cell(e.quantiles.p05), cell(e.quantiles.p25), cell(e.quantiles.p75), cell(e.quantiles.p95));
    return tr;
  }));
  for (const th of document.querySelectorAll<HTMLElement>('#layers th[data-ensemble]')) th.hidden = ens === undefined;
}

function drawHist(h: Histogram): void {
  // Values far from 1 (a vanishing signal at 10⁻²⁰) are shown in units of a power of ten, which
  // uPlot's linear scale handles at any magnitude.
  const big = Math.max(Math.abs(h.edges[0]!), Math.abs(h.edges[h.edges.length - 1]!));
  const k = big > 0 && (big < 1e-2 || big >= 1e4) ? Math.floor(Math.log10(big)) : 0;
  const unit = 10 ** k;
  const centers = h.edges.slice(0, -1).map((e, i) => (e + h.edges[i + 1]!) / 2 / unit);
  const what = `${h.kind === 'pre' ? 'h' : 'φ(h)'} at layer ${h.layer}${k === 0 ? '' : ` (×10${String(k).replace(/./g, (c) => SUP[c] ?? c)})`}`;
  chart('chart-hist', {
    scales: { x: { time: false }, y: { range: (_u, _lo, hi) => [0, (hi ?? 1) * 1.05] } },
    axes: [{ label: what, labelSize: 18, size: 30, values: tickText }, { size: 50 }],
    series: [
      { label: 'value', value: (_u, x) => format(x ?? NaN) },
      { label: `count (${h.examples} examples)`, fill: 'rgba(31,95,191,0.35)', stroke: '#1f5fbf', paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 0 }), points: { show: false } },
    ],
  }, [centers, h.counts]);
}

function requestPhase(): void {
  if (!last) return;
  const sw2 = last.sigmaW2;
  const lo = 10 ** Math.floor(Math.log10(Math.min(0.1, sw2 > 0 ? sw2 / 2 : 0.1)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(10, 2 * sw2)));
  const bhi = Math.max(0.5, Math.ceil(4 * state.sigmaB2) / 2);
  const key = JSON.stringify([state.activation, state.slope, state.alpha, lo, hi, bhi]);
  if (key === phaseKey) { drawPhase(); return; }
  phaseKey = key;
  const nw = 36, nb = 17;
  const sigmaW2 = Array.from({ length: nw }, (_, i) => lo * (hi / lo) ** (i / (nw - 1)));
  const sigmaB2 = Array.from({ length: nb }, (_, i) => (bhi * i) / (nb - 1));
  phaseId += 1;
  phase.send({ type: 'phase', id: phaseId, state, sigmaW2, sigmaB2 });
}

/** A uPlot path builder joining the points of a mode-2 series in data order (the critical line). */
const polyline: uPlot.Series.PathBuilder = (u, seriesIdx) => {
  const [xs, ys] = (u.data as unknown as [number[], number[]][])[seriesIdx]!;
  const p = new Path2D();
  xs.forEach((x, i) => p[i === 0 ? 'moveTo' : 'lineTo'](u.valToPos(x, 'x', true), u.valToPos(ys[i]!, 'y', true)));
  return { stroke: p, fill: undefined, clip: undefined, flags: 0 } as unknown as uPlot.Series.Paths;
};

/** A uPlot path builder drawing each point of a mode-2 series as a circle (the current setting). */
const marker: uPlot.Series.PathBuilder = (u, seriesIdx) => {
  const [xs, ys] = (u.data as unknown as [number[], number[]][])[seriesIdx]!;
  const p = new Path2D();
  xs.forEach((x, i) => {
    const cx = u.valToPos(x, 'x', true), cy = u.valToPos(ys[i]!, 'y', true);
    p.moveTo(cx + 7, cy);
    p.arc(cx, cy, 7, 0, 2 * Math.PI);
  });
  return { stroke: p, fill: p, clip: undefined, flags: 0 } as unknown as uPlot.Series.Paths;
};

/** Blue (χ₁ < 1) – white (χ₁ = 1) – red (χ₁ > 1) on log χ₁. */
function chiColor(chi: number): string {
  const t = Math.max(-1, Math.min(1, Math.log10(chi) / 1.5));
  const mix = (a: number, b: number, s: number): number => Math.round(a + (b - a) * s);
  return t < 0 ? `rgb(${mix(255, 40, -t)},${mix(255, 100, -t)},${mix(255, 200, -t)})` : `rgb(${mix(255, 200, t)},${mix(255, 50, t)},${mix(255, 40, t)})`;
}

function drawPhase(): void {
  if (!lastPhase || !last) return;
  const { diagram: d, critical } = lastPhase;
  const bsCrit = d.sigmaB2.filter((_, i) => i % 2 === 0);
  const line = bsCrit.map((b, i) => [critical[i]!, b] as const).filter(([w]) => Number.isFinite(w));
  const here: [number, number] = [Math.max(last.sigmaW2, d.sigmaW2[0]!), state.sigmaB2];
  const wEdges = (j: number): [number, number] => {
    const w = d.sigmaW2, r = Math.sqrt(w[1]! / w[0]!);
    return [w[j]! / r, w[j]! * r];
  };
  const bStep = d.sigmaB2.length > 1 ? d.sigmaB2[1]! - d.sigmaB2[0]! : 1;
  // The χ₁ cells are drawn under the series with uPlot's own scales (a drawClear hook: uPlot's
  // heatmap recipe); axes, the critical line and the marker are ordinary uPlot series.
  const heatmap: uPlot.Plugin = {
    hooks: {
      drawClear: (u) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.beginPath();
        ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
        ctx.clip();
        d.chi1.forEach((row, i) => row.forEach((chi, j) => {
          const [w0, w1] = wEdges(j);
          const x0 = u.valToPos(w0, 'x', true), x1 = u.valToPos(w1, 'x', true);
          const y0 = u.valToPos(d.sigmaB2[i]! - bStep / 2, 'y', true), y1 = u.valToPos(d.sigmaB2[i]! + bStep / 2, 'y', true);
          ctx.fillStyle = chiColor(chi);
          ctx.fillRect(Math.floor(x0), Math.floor(y1), Math.ceil(x1 - x0) + 1, Math.ceil(y0 - y1) + 1);
        }));
        ctx.restore();
      },
    },
  };
  const [wlo] = wEdges(0), [, whi] = wEdges(d.sigmaW2.length - 1);
  chart('chart-phase', {
    mode: 2,
    plugins: [heatmap],
    scales: { x: { time: false, distr: 3, range: [wlo, whi] }, y: { range: [-bStep / 2, d.sigmaB2[d.sigmaB2.length - 1]! + bStep / 2] } },
    axes: [{ label: 'σ_w²', labelSize: 18, size: 30, values: tickText }, { label: 'σ_b²', labelSize: 18, size: 50 }],
    legend: { show: false },
    cursor: { show: false },
    series: [
      {},
      { label: 'χ₁ = 1', stroke: '#111', width: 2, facets: [{ scale: 'x', auto: false }, { scale: 'y', auto: false }], paths: polyline, points: { show: false } },
      { label: 'this setting', stroke: '#000', fill: '#f1c40f', facets: [{ scale: 'x', auto: false }, { scale: 'y', auto: false }], paths: marker, points: { show: false } },
    ],
    hooks: { draw: [() => { $('#chart-phase').dataset.drawn = phaseKey; }] },
  } as unknown as uPlot.Options, [null, [line.map((p) => p[0]), line.map((p) => p[1])], [[here[0]], [here[1]]]] as unknown as uPlot.AlignedData);
}

writeControls();
history.replaceState(null, '', toHash(state));
schedule('sim');
// For tests and debugging: the state being shown.
(window as unknown as { __playground: unknown }).__playground = { get state() { return state; }, DEFAULT_STATE };
