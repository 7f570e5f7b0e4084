import { makeAdapter } from "./makeAdapter";

/**
 * SGLang (PyTorch) dialect: /server_info and /model_info (old get_* names as fallbacks for older
 * releases), a /tokenize endpoint, `model` optional, prefill-only passes with max_new_tokens 0.
 */
export const sglangAdapter = makeAdapter({
  dialect: "sglang",
  healthPath: "/health",
  identity: { serverInfo: ["/server_info", "/get_server_info"], modelInfo: ["/model_info", "/get_model_info"] },
  tokenizePath: "/tokenize",
  requiresModel: false,
  prefillMaxNewTokens: 0,
  notFoundHint: "is this an sglang server? (check the backend's URL and dialect)",
});
