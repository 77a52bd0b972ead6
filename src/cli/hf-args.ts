// The arguments `init-model --hf` and `describe --hf` share: reading a config.json, the recipe,
// the base width and the dtype spellings. Every error is one line naming the argument.
import { readFileSync } from 'node:fs';
import { HF_RECIPES, huggingFaceSpec, type HuggingFaceDType, type HuggingFaceRecipe, type ModelSpecDocument } from '../index.js';

// The spellings torch and the Hub use for the three element types the writers take.
const DTYPE_NAMES: Readonly<Record<string, HuggingFaceDType>> = {
  float32: 'float32', fp32: 'float32', f32: 'float32',
  bfloat16: 'bfloat16', bf16: 'bfloat16',
  float16: 'float16', fp16: 'float16', f16: 'float16', half: 'float16',
};

/** `--dtype`'s value as a writer dtype; undefined when not given. */
export function parseDType(text: string | undefined): HuggingFaceDType | undefined {
  if (text === undefined) return undefined;
  const d = DTYPE_NAMES[text.toLowerCase()];
  if (d === undefined) throw new RangeError(`--dtype must be one of bf16, bfloat16, fp16, float16, float32 (got ${JSON.stringify(text)})`);
  return d;
}

/** `--recipe`'s value, checked against the recipes huggingFaceSpec offers. */
export function parseRecipe(text: string | undefined, flag = '--recipe'): HuggingFaceRecipe {
  if (text === undefined) return 'hf';
  if (!(HF_RECIPES as readonly string[]).includes(text)) throw new RangeError(`${flag} must be one of ${HF_RECIPES.join(', ')} (got ${JSON.stringify(text)})`);
  return text as HuggingFaceRecipe;
}

/** `--base-width`'s value: a positive integer, or undefined. */
export function parseBaseWidth(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new RangeError(`--base-width must be a positive integer (the base model's hidden size), got ${JSON.stringify(text)}`);
  return Number(text);
}

/** A config.json's parsed object; errors name `--hf` and the file. */
export function readHfConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TypeError(`--hf ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TypeError(`--hf ${file}: not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TypeError(`--hf ${file}: expected a JSON object (a Hugging Face config.json)`);
  return json as Record<string, unknown>;
}

/** The arguments that make a spec from a config. */
export interface HfArgs {
  readonly file: string;
  readonly config: Record<string, unknown>;
  readonly recipe: HuggingFaceRecipe;
  readonly baseWidth?: number;
  readonly dtype?: HuggingFaceDType;
}

/** huggingFaceSpec of the config, its errors prefixed with `--hf <file>` (they name the config key or option). */
export function hfSpec(a: HfArgs, recipe: HuggingFaceRecipe = a.recipe): ModelSpecDocument {
  try {
    return huggingFaceSpec(a.config, {
      recipe,
      ...(a.dtype !== undefined && { dtype: a.dtype }),
      ...(a.baseWidth !== undefined && recipe === 'mup' && { baseWidth: a.baseWidth }),
    });
  } catch (e) {
    if (e instanceof TypeError) throw new TypeError(`--hf ${a.file}: ${e.message}`);
    if (e instanceof RangeError) throw new RangeError(`--hf ${a.file}: ${e.message}`);
    throw e;
  }
}

/** The usage error for a spec file given with `--hf`. */
export function bothSpecAndHf(spec: string, hf: string): TypeError {
  return new TypeError(`give a spec file or --hf config.json, not both (got spec ${spec} and --hf ${hf})`);
}

/**
 * Options only --hf uses, refused without it. `--base-width` needs `--recipe mup` (the other recipes
 * have no base width), checked here so the message names the flags rather than an option.
 */
export function checkHfOnly(values: { hf?: string; recipe?: string; 'base-width'?: string }, recipes: readonly HuggingFaceRecipe[]): void {
  if (values.hf === undefined) {
    for (const flag of ['recipe', 'base-width'] as const) {
      if (values[flag] !== undefined) throw new TypeError(`--${flag} applies to --hf config.json (a spec file already holds its inits)`);
    }
  }
  if (values['base-width'] !== undefined && !recipes.includes('mup')) throw new TypeError(`--base-width applies to recipe mup only (got ${recipes.join(', ')})`);
}
