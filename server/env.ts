import path from "node:path";
import { z } from "zod";

// The studio's whole runtime configuration, validated once. Read `loadEnv()`'s result, never process.env.
const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

export const EnvSchema = z.object({
  PORT: intFrom(3000, 0, 65535),
  HOST: z.string().min(1).default("127.0.0.1"),
  STUDIO_DATA_DIR: z.string().min(1).default("data"),
  /** JSON array of backends; wins over the config file, which wins over backends added in the UI. */
  STUDIO_BACKENDS: z.string().optional(),
  /** Path of a JSON config file `{ "backends": [...] }`; default `studio.config.json` in the working folder. */
  STUDIO_CONFIG: z.string().optional(),
  /** `auto`: start two reference engines when no backend is configured; `off`: never. */
  STUDIO_REFERENCE_ENGINES: z.enum(["auto", "off"]).default("auto"),
  /** Extra time per scheduler step of the reference engines (a slower model: demos, live-streaming tests). */
  STUDIO_REFERENCE_STEP_DELAY_MS: intFrom(0, 0, 1000),
  STUDIO_HEALTH_INTERVAL_MS: intFrom(5000, 200, 3_600_000),
  STUDIO_HEALTH_TIMEOUT_MS: intFrom(3000, 100, 60_000),
  STUDIO_BACKEND_TIMEOUT_MS: intFrom(60_000, 100, 3_600_000),
  /** Public base URL used in share links printed by the CLI. */
  STUDIO_PUBLIC_URL: z.string().url().optional(),
});
export type Env = z.infer<typeof EnvSchema> & { dataDir: string };

export class ConfigError extends Error {}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid environment variable ${String(issue?.path.join("."))}: ${issue?.message}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.STUDIO_DATA_DIR) };
}
