import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { BackendInput } from "../../lib/schemas/backend";
import { ConfigError, type Env } from "../env";

const DeclaredFile = z.object({ backends: z.array(BackendInput).max(64) });

function describe(err: z.ZodError, where: string): string {
  const issue = err.issues[0];
  const at = issue?.path.length ? issue.path.join(".") : "(root)";
  return `${where}: ${at}: ${issue?.message ?? "invalid"}`;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Backends declared outside the UI, for headless use. Precedence when names collide:
 * STUDIO_BACKENDS (env) > config file > backends added in the UI (see README "Configuration").
 */
export function readDeclaredBackends(env: Env, cwd = process.cwd()): BackendInput[] {
  const byName = new Map<string, BackendInput>();
  const file = env.STUDIO_CONFIG ? path.resolve(cwd, env.STUDIO_CONFIG) : path.resolve(cwd, "studio.config.json");
  if (fs.existsSync(file)) {
    const parsed = DeclaredFile.safeParse(parseJson(fs.readFileSync(file, "utf8"), file));
    if (!parsed.success) throw new ConfigError(describe(parsed.error, file));
    for (const b of parsed.data.backends) byName.set(b.name, b);
  } else if (env.STUDIO_CONFIG) {
    throw new ConfigError(`STUDIO_CONFIG names ${file}, which does not exist`);
  }
  if (env.STUDIO_BACKENDS) {
    const parsed = z.array(BackendInput).max(64).safeParse(parseJson(env.STUDIO_BACKENDS, "STUDIO_BACKENDS"));
    if (!parsed.success) throw new ConfigError(describe(parsed.error, "STUDIO_BACKENDS"));
    for (const b of parsed.data) byName.set(b.name, b);
  }
  return [...byName.values()];
}
