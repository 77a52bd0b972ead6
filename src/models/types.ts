// The shared vocabulary of the architecture builders (one file per model family) and the recipes
// (initialisation rules per parameter role, as data). A family turns a Hugging Face config.json into
// `ArchParam`s; a recipe turns each `ArchParam` into an init; `huggingFaceSpec` joins the two.

/**
 * What a parameter does in its architecture. Recipes assign inits by role (and layer), never by name.
 * - `tokenEmbedding`: wte / embed_tokens / word_embeddings (also the tied LM head);
 * - `positionEmbedding`, `typeEmbedding`: learned position / token-type tables;
 * - `patchEmbedding`: ViT's patch projection (a Conv2d weight); `classToken`, `positionEmbedding` of ViT too;
 * - `attentionIn`: q, k, v (or a fused qkv / c_attn) weights; `attentionOut`: o_proj / c_proj / attention.output.dense;
 * - `mlpIn`: c_fc / up_proj / gate_proj / intermediate.dense; `mlpOut`: mlp.c_proj / down_proj / output.dense;
 * - `norm`: a LayerNorm/RMSNorm weight (its bias is `bias`);
 * - `bias`: any bias vector;
 * - `lmHead`: an untied output projection to the vocabulary; `pooler`: BERT's pooler dense;
 *   `classifier`: a classification head.
 */
export type ParamRole =
  | 'tokenEmbedding' | 'positionEmbedding' | 'typeEmbedding' | 'patchEmbedding' | 'classToken'
  | 'attentionIn' | 'attentionOut' | 'mlpIn' | 'mlpOut'
  | 'norm' | 'bias' | 'lmHead' | 'pooler' | 'classifier';

/** One parameter of an architecture, as the reference implementation saves it. */
export interface ArchParam {
  /** The state-dict key `save_pretrained` writes, e.g. `'transformer.h.0.attn.c_attn.weight'`. */
  readonly name: string;
  /** Its shape as saved (torch layout; GPT-2's Conv1D stores [in, out]). */
  readonly shape: readonly number[];
  readonly role: ParamRole;
  /** Block index 0…numLayers−1 for parameters inside a transformer block. */
  readonly layer?: number;
  /** Inputs and outputs of the linear map the weight applies, whatever its storage layout. */
  readonly fanIn: number;
  readonly fanOut: number;
  /** An embedding row the reference zeroes after its init (nn.Embedding padding_idx). */
  readonly paddingIdx?: number;
}

/** A model family's reading of one config.json: its parameters in save order and the sizes recipes use. */
export interface Architecture {
  /** `config.model_type`: 'gpt2', 'llama', 'mistral', 'qwen2', 'bert', 'vit'. */
  readonly modelType: string;
  /** The head class whose state dict `params` is, e.g. 'GPT2LMHeadModel'. */
  readonly headClass: string;
  readonly params: readonly ArchParam[];
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly headDim: number;
  /** config.initializer_range (HF's std). */
  readonly initializerRange: number;
  /** Whether the LM head shares the token embedding (then it is saved once, as the embedding). */
  readonly tiedEmbeddings: boolean;
  /** Key/value heads (grouped-query attention); equals `numHeads` for multi-head attention. */
  readonly numKeyValueHeads?: number;
  /** Width of the MLP's hidden layer (n_inner / intermediate_size). */
  readonly intermediateSize?: number;
  /** Rows of the token embedding (vision models: absent). */
  readonly vocabSize?: number;
}

/** The init part of one ParamSpec: an initializer id and its options. */
export interface ParamInit {
  readonly init: string;
  readonly options?: Readonly<Record<string, unknown>>;
}
