/** Shape of the reference model. Small enough for ≥1,000 decode tokens/s in plain TypeScript. */
export interface ModelConfig {
  dModel: number;
  nHeads: number;
  nLayers: number;
  dFF: number;
  vocabSize: number;
  contextLength: number;
  ropeTheta: number;
  weightSeed: number;
  /** scale of the transformer's logits relative to the n-gram prior's log-probabilities */
  transformerLogitScale: number;
}

export const MODEL_CONFIG: ModelConfig = {
  dModel: 64,
  nHeads: 4,
  nLayers: 2,
  dFF: 256,
  vocabSize: 3072,
  contextLength: 2048,
  ropeTheta: 10000,
  weightSeed: 0x5eed_2026,
  transformerLogitScale: 1.0,
};

export const MODEL_PATH = "studio/reference-tiny-lm";
export const ENGINE_VERSION = "0.1.0-studio-reference";

export type Precision = "float32" | "bfloat16";
