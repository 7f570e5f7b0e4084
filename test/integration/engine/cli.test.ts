import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../../..");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

function studio(args: string[]): ChildProcess {
  // node itself with tsx's loader, not the tsx launcher: a SIGKILL must reach the engine, not orphan it
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/studio.ts", "engine", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  let buf = "";
  for await (const chunk of child.stdout!) {
    buf += String(chunk);
    if (buf.includes("\n")) return buf.split("\n")[0]!;
  }
  return buf;
}

describe("studio engine", () => {
  it("prints its URL, serves the dialect, and exits 0 on SIGTERM", async () => {
    const child = studio(["--dialect", "sglang-jax", "--port", "0", "--dtype", "bfloat16", "--api-key", "k"]);
    const line = await firstLine(child);
    const m = /^reference engine \(sglang-jax, bfloat16\) listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(m, line).not.toBeNull();
    const info = await fetch(`${m![1]}/get_server_info`, { headers: { authorization: "Bearer k" } }).then((r) => r.json());
    expect(info.dtype).toBe("bfloat16");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("rejects bad flags with one line and exit code 2", async () => {
    const child = studio(["--dialect", "sglang", "--dtype", "float16"]);
    let err = "";
    child.stderr!.on("data", (c) => (err += String(c)));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(err.trim().split("\n").filter((l) => !l.startsWith("npm warn"))).toEqual(["studio engine: invalid dtype; not float32 or bfloat16: float16 (see --help)"]);
  });
});
