import { z } from "zod";

/** The two SGLang HTTP dialects Studio speaks (see shared/reference/sglang-http-api.md). */
export const Dialect = z.enum(["sglang", "sglang-jax"]);
export type Dialect = z.infer<typeof Dialect>;
