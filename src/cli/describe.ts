// `weight-init describe (spec.json | --hf config.json) [--recipe R] [--base-width N] [--dtype D]
// [--json] [--compare R2]`: what a model's init is, group by group (describeSpec), or what changes
// between two recipes of one config (compareSpecs). The numbers are the library's; this file prints.
import { parseArgs } from 'node:util';
import { compareSpecs, describeSpec, type DescribedGroup, type DescribedInit, type DTypeBytes, type SpecDescription } from '../index.js';
import { bothSpecAndHf, checkHfOnly, hfSpec, parseBaseWidth, parseDType, parseRecipe, readHfConfig } from './hf-args.js';
import { readSpec } from './init-model.js';

/** The usage lines of `describe`, for its own errors. */
export const DESCRIBE_USAGE = `  weight-init describe (spec.json | --hf config.json) [--recipe R] [--base-width N] [--dtype bf16|fp16|float32] [--json] [--compare R2]
      per group of parameters (numeric path components as *): tensors, parameters, init, mean, std, bounds, bytes;
      --compare R2: the groups whose init differs between --recipe R (default hf) and R2 (--hf only)`;

/** Six significant digits, trailing zeros dropped; exact integers as they are. */
function fmt(x: number | null): string {
  if (x === null) return '—';
  if (x === 0 || Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  return String(Number(x.toPrecision(6)));
}

const grouped = (n: number): string => n.toLocaleString('en-US');

function human(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes, u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** `normal(mean=0, std=0.02)`: the init id and the options the spec binds. */
function initText(i: DescribedInit): string {
  const opts = Object.entries(i.options).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : typeof v === 'string' ? v : JSON.stringify(v)}`);
  return opts.length === 0 ? i.init : `${i.init}(${opts.join(', ')})`;
}

const boundsText = (i: DescribedInit): string => (i.bounds === null ? 'unbounded' : `[${fmt(i.bounds[0])}, ${fmt(i.bounds[1])}]`);
const bytesText = (b: DTypeBytes): string[] => [human(b.float32), human(b.bfloat16), human(b.float16)];

/** Right-aligns numeric columns, left-aligns the others; a two-space gutter. */
function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number>): string {
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((x, c) => (numeric.has(c) ? x.padStart(width[c]!) : x.padEnd(width[c]!))).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The rows of one group: its first init on the group's line, every further distinct init on a line
 * of its own below (tensor and parameter counts are then that init's), so a depth-scaled recipe
 * shows one line per layer rather than a misleading average.
 */
function groupRows(g: DescribedGroup, label = g.name): string[][] {
  return g.inits.map((i, k) => {
    const counts = g.inits.length === 1 ? [String(g.tensors), grouped(g.parameters)] : [`${i.tensors}`, grouped(i.parameters)];
    const note = [i.paddingRows > 0 ? `padding row${i.paddingRows > 1 ? 's' : ''} 0` : '', i.note ?? ''].filter((s) => s !== '').join('; ');
    return [k === 0 ? label : '', ...counts, initText(i), fmt(i.mean), fmt(i.std), boundsText(i), ...(k === 0 ? bytesText(g.bytes) : ['', '', '']), note];
  });
}

const HEAD = ['group', 'tensors', 'parameters', 'init', 'mean', 'std', 'bounds', 'float32', 'bfloat16', 'float16', 'note'];
const NUMERIC = new Set([1, 2, 4, 5, 7, 8, 9]);

/** A recipe's own metadata (μP's base width, multipliers), as ` (mup.width_mult 8, …)`. */
function recipeExtras(m: Readonly<Record<string, string>>): string {
  const extra = Object.entries(m).filter(([k]) => /^mup\./.test(k)).map(([k, v]) => `${k} ${fmt(Number(v))}`);
  return extra.length > 0 ? ` (${extra.join(', ')})` : '';
}

function modelText(m: Readonly<Record<string, string>>, source: string): string {
  return m.model_type === undefined ? source : `${source}: ${m.model_type}${m['weight_init.head_class'] === undefined ? '' : ` (${m['weight_init.head_class']})`}`;
}

function title(d: SpecDescription, source: string): string {
  const m = d.metadata;
  return `${modelText(m, source)}${m['weight_init.recipe'] === undefined ? '' : `, recipe ${m['weight_init.recipe']}`}${recipeExtras(m)}`;
}

function totalsText(d: SpecDescription): string {
  const t = d.totals;
  return `total: ${grouped(t.tensors)} tensors, ${grouped(t.parameters)} parameters; `
    + `float32 ${grouped(t.bytes.float32)} B (${human(t.bytes.float32)}), bfloat16 ${grouped(t.bytes.bfloat16)} B (${human(t.bytes.bfloat16)}), `
    + `float16 ${grouped(t.bytes.float16)} B (${human(t.bytes.float16)}); checkpoint dtype ${d.dtype}`;
}

/** The text of one description: title, the group table, the totals line. */
export function describeText(d: SpecDescription, source: string): string {
  return [title(d, source), '', table(HEAD, d.groups.flatMap((g) => groupRows(g)), NUMERIC), '', totalsText(d)].join('\n');
}

/** Runs `describe` with the arguments after the subcommand. */
export async function describeCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hf: { type: 'string' },
      recipe: { type: 'string' },
      'base-width': { type: 'string' },
      dtype: { type: 'string' },
      json: { type: 'boolean', default: false },
      compare: { type: 'string' },
    },
  });
  const [specFile, ...extra] = positionals;
  if (specFile !== undefined && values.hf !== undefined) throw bothSpecAndHf(specFile, values.hf);
  if ((specFile === undefined && values.hf === undefined) || extra.length > 0) {
    throw new TypeError(`describe needs one spec file or --hf config.json\nusage:\n${DESCRIBE_USAGE}`);
  }
  const recipe = parseRecipe(values.recipe);
  const compare = values.compare === undefined ? undefined : parseRecipe(values.compare, '--compare');
  if (compare !== undefined && values.hf === undefined) throw new TypeError('--compare applies to --hf config.json (it builds the config under two recipes)');
  checkHfOnly(values, compare === undefined ? [recipe] : [recipe, compare]);
  const baseWidth = parseBaseWidth(values['base-width']);
  const dtype = parseDType(values.dtype);
  const opts = dtype === undefined ? {} : { dtype };
  if (values.hf === undefined) {
    const d = describeSpec(readSpec(specFile!), opts);
    process.stdout.write(values.json ? `${JSON.stringify(d, null, 2)}\n` : `${describeText(d, specFile!)}\n`);
    return;
  }
  const args = { file: values.hf, config: readHfConfig(values.hf), recipe, ...(baseWidth !== undefined && { baseWidth }), ...(dtype !== undefined && { dtype }) };
  if (compare === undefined) {
    const d = describeSpec(hfSpec(args), opts);
    process.stdout.write(values.json ? `${JSON.stringify(d, null, 2)}\n` : `${describeText(d, values.hf)}\n`);
    return;
  }
  const c = compareSpecs(hfSpec(args), hfSpec(args, compare), opts);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ a: { recipe, totals: c.a.totals, metadata: c.a.metadata }, b: { recipe: compare, totals: c.b.totals, metadata: c.b.metadata }, differing: c.differing, identical: c.identical }, null, 2)}\n`);
    return;
  }
  // Side by side: each differing group's lines under recipe R, then under R2.
  const rows = c.differing.flatMap((g) => [
    ...(g.a === undefined ? [[g.name, '', '', `(not in ${recipe})`]] : groupRows(g.a, g.name).map((r) => [r[0]!, recipe, ...r.slice(3, 7), r[10]!])),
    ...(g.b === undefined ? [['', compare, `(not in ${compare})`]] : groupRows(g.b, '').map((r) => [r[0]!, compare, ...r.slice(3, 7), r[10]!])),
  ]);
  const lines = [
    `${modelText(c.a.metadata, values.hf)}: recipe ${recipe}${recipeExtras(c.a.metadata)} vs recipe ${compare}${recipeExtras(c.b.metadata)}`,
    '',
    table(['group', 'recipe', 'init', 'mean', 'std', 'bounds', 'note'], rows, new Set([3, 4])),
    '',
    `${c.differing.length} group${c.differing.length === 1 ? '' : 's'} differ; ${c.identical} group${c.identical === 1 ? ' is' : 's are'} identical under ${recipe} and ${compare}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
