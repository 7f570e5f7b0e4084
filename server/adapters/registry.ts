import type { Dialect } from "../../lib/schemas/dialect";
import { sglangAdapter } from "./sglang";
import { sglangJaxAdapter } from "./sglangJax";
import type { Adapter } from "./types";

/** The one place that maps a dialect to its adapter; nothing above this knows a wire format. */
export const adapters: Record<Dialect, Adapter> = {
  sglang: sglangAdapter,
  "sglang-jax": sglangJaxAdapter,
};
