import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BpeTokenizer } from "../tokenizer/bpe";
import { buildTokenizer } from "../tokenizer/buildTokenizer";
import { roundBf16InPlace } from "./bf16";
import { MODEL_CONFIG, type ModelConfig, type Precision } from "./config";
import { KvCache } from "./kvCache";
import { LmHead } from "./lmHead";
import { NgramPrior } from "./ngramPrior";
import { Transformer } from "./transformer";
import { initWeights, toBf16Weights, type ModelWeights } from "./weights";

/** Everything one engine needs to run the model at one precision. */
export interface ReferenceModel {
  readonly cfg: ModelConfig;
  readonly precision: Precision;
  readonly tokenizer: BpeTokenizer;
  readonly transformer: Transformer;
  readonly head: LmHead;
  newCache(initialSlots?: number): KvCache;
}

interface SharedAssets {
  tokenizer: BpeTokenizer;
  prior: NgramPrior;
  weights: Partial<Record<Precision, ModelWeights>>;
}

let shared: SharedAssets | null = null;

export function corpusPath(): string {
  return fileURLToPath(new URL("../data/corpus.txt", import.meta.url));
}

/** Tokenizer, n-gram prior and weights are built once per process and shared by every engine. */
function assets(): SharedAssets {
  if (shared) return shared;
  const corpus = readFileSync(corpusPath(), "utf8");
  const tokenizer = buildTokenizer(corpus, MODEL_CONFIG.vocabSize);
  const eos = tokenizer.special("<|eos|>");
  const documents = corpus
    .split(/\n\s*\n/)
    .filter((doc) => doc.trim().length > 0)
    .map((doc) => [...tokenizer.encode(doc.trim()), eos]);
  shared = { tokenizer, prior: new NgramPrior(tokenizer.vocabSize, documents), weights: {} };
  return shared;
}

function weightsFor(precision: Precision): ModelWeights {
  const a = assets();
  const base = (a.weights.float32 ??= initWeights(MODEL_CONFIG, a.tokenizer.vocabSize));
  if (precision === "float32") return base;
  return (a.weights.bfloat16 ??= toBf16Weights(base, (m) => roundBf16InPlace(m)));
}

export function loadReferenceModel(precision: Precision): ReferenceModel {
  const { tokenizer, prior } = assets();
  const cfg: ModelConfig = { ...MODEL_CONFIG, vocabSize: tokenizer.vocabSize };
  const weights = weightsFor(precision);
  const transformer = new Transformer(cfg, weights, precision);
  const head = new LmHead(weights.lmHead, cfg.vocabSize, cfg.dModel, precision, prior, cfg.transformerLogitScale);
  return {
    cfg,
    precision,
    tokenizer,
    transformer,
    head,
    newCache: (initialSlots = 64) => new KvCache(cfg.nLayers, cfg.dModel, initialSlots),
  };
}
