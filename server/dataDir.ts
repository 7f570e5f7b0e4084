import fs from "node:fs";
import path from "node:path";
import { StartupError } from "./startupError";

/** Creates the data folder if needed and proves it is writable, or says in one line what to do. */
export function ensureWritableDataDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, "ok");
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new StartupError(
      `cannot write to the data folder ${dir} (${code}). Make it writable, or point STUDIO_DATA_DIR at a folder you can write, e.g. STUDIO_DATA_DIR=$HOME/.sglang-studio npm start`,
    );
  }
}
