/**
 * Server render time of a shared notebook. Run: `npx next build` once, then `npx tsx bench/share.ts`.
 *
 * Builds a 50-cell notebook synthetically (seeded: markdown, score and generate cells, every runnable
 * cell with an output, one generate output 8,192 tokens long with its full token diff), shares it,
 * starts the real studio (Next pages included, no reference engines, a throwaway data folder) and
 * times `GET /s/<id>` to the last byte. Target: p95 under 300 ms.
 */
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

async function fetchPage(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
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
    const cold = await fetchPage(url); // the first view prepares the share's page data (then kept in memory)
    for (let i = 1; i < WARMUP; i++) await fetchPage(url);
    const samples: number[] = [];
    let htmlBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await fetchPage(url);
      if (r.status !== 200) throw new Error(`GET /s/<id> answered ${r.status}`);
      samples.push(r.ms);
      htmlBytes = r.bytes;
    }
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
