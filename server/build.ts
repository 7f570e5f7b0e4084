import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { StartupError } from "./startupError";
import { PROJECT_ROOT } from "./version";

// What the Next.js bundle is built from. server/ is included because server components and route
// handlers import from it (types, report builders); server/engine and server/db/generated are not.
const INPUTS = ["app", "lib", "public", "server", "next.config.mjs", "package.json", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["server/engine", "server/db/generated"]);
const STAMP = path.join(PROJECT_ROOT, ".next", "studio-build-stamp");

function walk(p: string, out: string[]): void {
  if (!fs.existsSync(p) || SKIP.has(path.relative(PROJECT_ROOT, p))) return;
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), out);
  } else {
    out.push(`${path.relative(PROJECT_ROOT, p)}\0${st.size}\0${Math.trunc(st.mtimeMs)}`);
  }
}

/** A fingerprint of the build inputs (paths, sizes, mtimes): cheap enough to check on every start. */
export function sourceStamp(): string {
  const entries: string[] = [];
  for (const input of INPUTS) walk(path.join(PROJECT_ROOT, input), entries);
  return createHash("sha256").update(entries.join("\n")).digest("hex");
}

export async function ensureBuilt(): Promise<void> {
  const stamp = sourceStamp();
  const built = fs.existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID")) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === stamp;
  if (built) return;
  process.stdout.write("Building the web app (first start or sources changed; takes about a minute)…\n");
  const nextBin = path.join(PROJECT_ROOT, "node_modules", ".bin", "next");
  const code = await new Promise<number>((resolve) => {
    const child = spawn(nextBin, ["build"], { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    child.on("exit", (c) => resolve(c ?? 1));
    child.on("error", () => resolve(127));
  });
  if (code !== 0) throw new StartupError(`the web app build failed (next build exited ${code}); see the output above`);
  fs.writeFileSync(STAMP, stamp);
}
