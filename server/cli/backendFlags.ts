import { BackendInput, type BackendConfig } from "../../lib/schemas/backend";
import { Dialect } from "../../lib/schemas/dialect";
import { describeIssue } from "../../lib/schemas/notebookFile";

/** A mistake in what the user asked for on the command line: exit 2 with one line on stderr. */
export class UsageError extends Error {}

/** `--a/--b <url>` with `--x-dialect`, `--x-model`, `--x-api-key`: the two backends of `cell`, `notebook` and `bench`. */
export const BACKEND_FLAG_OPTIONS = {
  a: { type: "string" },
  b: { type: "string" },
  "a-dialect": { type: "string" },
  "b-dialect": { type: "string" },
  "a-model": { type: "string" },
  "b-model": { type: "string" },
  "a-api-key": { type: "string" },
  "b-api-key": { type: "string" },
} as const;

export type FlagValues = Record<string, string | boolean | undefined>;
export type Side = "a" | "b";

const str = (v: FlagValues, k: string): string | undefined => {
  const x = v[k];
  return typeof x === "string" ? x : undefined;
};

/** The backend `--<side> <url> --<side>-dialect <d> [--<side>-model m] [--<side>-api-key k]` describes. */
export function backendFromUrlFlags(side: Side, v: FlagValues): BackendConfig {
  const url = str(v, side);
  if (url === undefined) throw new UsageError(`--${side} <url> is required`);
  const dialect = str(v, `${side}-dialect`);
  const d = Dialect.safeParse(dialect);
  if (dialect === undefined) throw new UsageError(`--${side}-dialect is required with --${side}: sglang or sglang-jax (the API the server at ${url} speaks)`);
  if (!d.success) throw new UsageError(`--${side}-dialect must be sglang or sglang-jax (got ${JSON.stringify(dialect)})`);
  const parsed = BackendInput.safeParse({
    name: side.toUpperCase(),
    dialect: d.data,
    baseUrl: url,
    apiKey: str(v, `${side}-api-key`) ?? null,
    model: str(v, `${side}-model`) ?? null,
  });
  if (!parsed.success) throw new UsageError(`--${side}: ${describeIssue(parsed.error)}`);
  return { ...parsed.data, id: `cli-${side}`, source: "user" };
}
