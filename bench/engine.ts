// Reference-engine benchmark: `npx tsx bench/engine.ts`.
// Starts each engine as its own process (`studio engine`), so the load generator does not share its
// event loop, then measures prefill and decode throughput at batch 1 and 16 and idle TTFT.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { percentileOfSorted } from "../lib/stats/descriptive";

const TARGETS = { prefillTokPerS: 2000, decodeBatch16TokPerS: 1000, idleTtftMs: 20 };
const root = resolve(import.meta.dirname, "..");

interface Engine {
  url: string;
  child: ChildProcess;
}

async function startEngine(args: string[]): Promise<Engine> {
  const child = spawn(resolve(root, "node_modules/.bin/tsx"), ["server/cli/studio.ts", "engine", ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let buf = "";
  for await (const chunk of child.stdout!) {
    buf += String(chunk);
    const m = /listening on (http:\/\/\S+)/.exec(buf);
    if (m) return { url: m[1]!, child };
  }
  throw new Error(`engine did not start: ${buf}`);
}

/** Deterministic pseudo-random token ids so prompts never hit the prefix cache. */
function prompt(seed: number, len: number): number[] {
  let s = seed * 2654435761;
  return Array.from({ length: len }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return 256 + (s % 2500);
  });
}

async function generate(url: string, body: unknown): Promise<any> {
  const r = await fetch(`${url}/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json();
}

let seed = 1;
async function prefill(url: string, batch: number, len: number, rounds: number): Promise<number> {
  const t0 = performance.now();
  let tokens = 0;
  for (let k = 0; k < rounds; k++) {
    const outs = await Promise.all(Array.from({ length: batch }, () => generate(url, { input_ids: prompt(seed++, len), sampling_params: { max_new_tokens: 1 } })));
    tokens += outs.reduce((n, o) => n + o.meta_info.prompt_tokens, 0);
  }
  return tokens / ((performance.now() - t0) / 1000);
}

async function decode(url: string, batch: number, newTokens: number): Promise<number> {
  const t0 = performance.now();
  const outs = await Promise.all(
    Array.from({ length: batch }, () => generate(url, { input_ids: prompt(seed++, 16), sampling_params: { max_new_tokens: newTokens, ignore_eos: true, temperature: 0 } })),
  );
  const tokens = outs.reduce((n, o) => n + o.meta_info.completion_tokens, 0);
  return tokens / ((performance.now() - t0) / 1000);
}

/** Time to the first streamed chunk for a 32-token prompt on an idle server (median of 30). */
async function idleTtft(url: string): Promise<{ median: number; p90: number }> {
  const samples: number[] = [];
  for (let i = 0; i < 35; i++) {
    const t0 = performance.now();
    const r = await fetch(`${url}/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input_ids: prompt(seed++, 32), sampling_params: { max_new_tokens: 8 }, stream: true }),
    });
    const reader = r.body!.getReader();
    await reader.read();
    const dt = performance.now() - t0;
    while (!(await reader.read()).done);
    if (i >= 5) samples.push(dt); // first requests warm up the JIT
  }
  samples.sort((a, b) => a - b);
  // percentiles as everywhere in Studio: linear interpolation (numpy's default)
  return { median: percentileOfSorted(samples, 50)!, p90: percentileOfSorted(samples, 90)! };
}

const fmt = (v: number) => v.toFixed(0).padStart(7);
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

async function main(): Promise<void> {
  const os = await import("node:os");
  // Other processes on the machine share the cores; print the load so numbers can be read in context.
  console.log(`reference engine benchmark (node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)})\n`);
  for (const [dialect, dtype] of [["sglang", "float32"], ["sglang-jax", "bfloat16"]] as const) {
    const e = await startEngine(["--dialect", dialect, "--dtype", dtype, "--port", "0"]);
    try {
      await prefill(e.url, 4, 128, 2); // warm-up
      await decode(e.url, 4, 32);
      const p1 = await prefill(e.url, 1, 512, 6);
      const p16 = await prefill(e.url, 16, 512, 1);
      const d1 = await decode(e.url, 1, 256);
      const d16 = await decode(e.url, 16, 128);
      const ttft = await idleTtft(e.url);
      console.log(`${dialect} (${dtype})`);
      console.log(`  prefill  batch 1  (512-token prompts): ${fmt(p1)} tok/s   target ≥ ${TARGETS.prefillTokPerS}: ${verdict(p1 >= TARGETS.prefillTokPerS)}`);
      console.log(`  prefill  batch 16 (512-token prompts): ${fmt(p16)} tok/s   target ≥ ${TARGETS.prefillTokPerS}: ${verdict(p16 >= TARGETS.prefillTokPerS)}`);
      console.log(`  decode   batch 1  (256 new tokens):    ${fmt(d1)} tok/s`);
      console.log(`  decode   batch 16 (128 new tokens each):${fmt(d16)} tok/s   target ≥ ${TARGETS.decodeBatch16TokPerS}: ${verdict(d16 >= TARGETS.decodeBatch16TokPerS)}`);
      console.log(`  idle TTFT (32-token prompt, streamed): median ${ttft.median.toFixed(1)} ms, p90 ${ttft.p90.toFixed(1)} ms   target < ${TARGETS.idleTtftMs} ms: ${verdict(ttft.median < TARGETS.idleTtftMs)}\n`);
    } finally {
      e.child.kill("SIGTERM");
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
