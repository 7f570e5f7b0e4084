import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface StudioVersion {
  version: string;
  commit: string;
}

/** Studio's version (package.json) and git commit (STUDIO_COMMIT, else `git rev-parse`, else "unknown"). */
export function readStudioVersion(): StudioVersion {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  let commit = process.env.STUDIO_COMMIT ?? "unknown";
  if (!process.env.STUDIO_COMMIT) {
    try {
      commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim();
      const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim();
      if (dirty) commit += "-dirty";
    } catch {
      // not a git checkout (e.g. an unpacked release): keep "unknown"
    }
  }
  return { version: pkg.version, commit };
}

export const PROJECT_ROOT = ROOT;
