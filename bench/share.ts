/**
 * Server render time of a shared notebook. Run: `npx next build` once, then `npx tsx bench/share.ts`.
 *
 * Builds a 50-cell notebook synthetically (seeded: markdown, score and generate cells, every runnable
 * cell with an output, one generate output 8,192 tokens long with its full token diff), shares it,
 * starts the real studio (Next pages included, no reference engines, a throwaway data folder) and
 * times `GET /s/<id>` to the last byte from a separate client process, asking for gzip as browsers do.
 * Target: p95 under 300 ms.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { percentile } from "../lib/stats/descriptive";
import { loadEnv } from "../server/env";
import { startStudio } from "../server/main";
import { storeOutputs } from "../server/shares/outputs";
import { PROJECT_ROOT } from "../server/version";
import { syntheticNotebook } from "../test/fixtures/shares/syntheticRun";

const CELLS = 50;
const BIG_TOKENS = 8192;
const SEED = 20261125;
const WARMUP = 2;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 300;

/**
 * Times `runs` sequential GETs (after `warmup` untimed ones, first one reported apart) from a child
 * process: the client's own work (reading and gunzipping megabytes) must not share the server's thread.
 */
const CLIENT = `
const [url, warmup, runs] = process.argv.slice(1);
const get = async () => {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
};
const first = await get();
for (let i = 1; i < Number(warmup); i++) await get();
const samples = [];
for (let i = 0; i < Number(runs); i++) samples.push(await get());
process.stdout.write(JSON.stringify({ first, samples }));
`;

type Sample = { ms: number; bytes: number; status: number };

function timeFromChild(url: string): Promise<{ first: Sample; samples: Sample[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", CLIENT, url, String(WARMUP), String(RUNS)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as { first: Sample; samples: Sample[] }) : reject(new Error(`the client exited ${code}`))));
  });
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) {
    process.stderr.write("bench/share: no Next build found; run `npx next build` first\n");
    return 2;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-share-"));
  const studio = await startStudio(loadEnv({ STUDIO_DATA_DIR: dataDir, PORT: "0", STUDIO_REFERENCE_ENGINES: "off" }));
  try {
    const s = studio.services;
    const nb = syntheticNotebook({ seed: SEED, cells: CELLS, bigTokens: BIG_TOKENS });
    const created = await s.notebooks.create(nb.title, nb.doc);
    await storeOutputs(s.db, created.id, created.doc.cells, nb.outputs);
    const t0 = performance.now();
    const share = await s.shares.create(created.id);
    const shareMs = performance.now() - t0;
    const row = await s.db.share.findUniqueOrThrow({ where: { id: share.id }, select: { snapshot: true } });
    const snapshotBytes = Buffer.byteLength(row.snapshot, "utf8");

    const url = `http://127.0.0.1:${studio.port}/s/${share.id}`;
    const { first: cold, samples: timed } = await timeFromChild(url);
    const bad = timed.find((r) => r.status !== 200);
    if (bad) throw new Error(`GET /s/<id> answered ${bad.status}`);
    const samples = timed.map((r) => r.ms);
    const htmlBytes = timed[0]?.bytes ?? 0;
    const median = percentile(samples, 50) as number;
    const p95 = percentile(samples, 95) as number;
    const met = p95 < TARGET_MS;
    console.log(`## Share page: ${CELLS} cells, one ${BIG_TOKENS}-token diff (seed ${SEED}, ${RUNS} runs after ${WARMUP} warmup)`);
    console.log(`GET /s/<id> (server render, to last byte)   median ${median.toFixed(1)} ms   p95 ${p95.toFixed(1)} ms   target < ${TARGET_MS} ms: ${met ? "met" : "MISSED"}`);
    console.log(`first view (prepares the page data)          ${cold.ms.toFixed(1)} ms`);
    console.log(`snapshot size                                ${snapshotBytes} bytes (${(snapshotBytes / 1024 / 1024).toFixed(2)} MiB)`);
    console.log(`page size (HTML + inline data)               ${htmlBytes} bytes (${(htmlBytes / 1024 / 1024).toFixed(2)} MiB)`);
    console.log(`create the share (snapshot + redaction)      ${shareMs.toFixed(1)} ms`);
    return met ? 0 : 1;
  } finally {
    await studio.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench/share: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
