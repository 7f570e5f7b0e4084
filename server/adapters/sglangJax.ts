import { makeAdapter } from "./makeAdapter";

/**
 * SGLang-JAX dialect: only the get_* info endpoints, no /tokenize, `model` required on /v1/*, and
 * prompt-only passes with max_new_tokens 1 (what its own scoring path sends; 0 is not relied upon).
 */
export const sglangJaxAdapter = makeAdapter({
  dialect: "sglang-jax",
  healthPath: "/health",
  identity: { serverInfo: ["/get_server_info"], modelInfo: ["/get_model_info"] },
  tokenizePath: null,
  requiresModel: true,
  prefillMaxNewTokens: 1,
  notFoundHint: "is this an sglang-jax server? (sglang-jax has no /tokenize, /server_info or /model_info; check the dialect)",
});
