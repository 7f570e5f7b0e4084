// A studio process for the restart test: starts a benchmark run from the queue (and queues a second) and prints their ids once
// the first level is stored on every backend (with its parity verdict, when there are two), then keeps running until the test
// kills it (SIGKILL: no cleanup at all).
import { loadEnv } from "../../../server/env";
import { createServices } from "../../../server/services";

const [dataDir, benchmarkId] = process.argv.slice(2);
const services = await createServices(loadEnv({ STUDIO_DATA_DIR: dataDir, STUDIO_REFERENCE_ENGINES: "off" }));
const queue = services.bench;
const runId = await queue.enqueue(benchmarkId as string);
// one job at a time: this one waits behind the first, still queued when the process dies
const queuedId = await queue.enqueue(benchmarkId as string);
const backends = (JSON.parse((await services.db.benchmark.findUniqueOrThrow({ where: { id: benchmarkId as string } })).spec) as { backends: unknown[] }).backends.length;
const timer = setInterval(async () => {
  const stored = await services.db.runSeries.count({ where: { runId } });
  const row = await services.db.benchmarkRun.findUnique({ where: { id: runId }, select: { parity: true } });
  if (stored >= backends && (backends < 2 || row?.parity != null)) {
    clearInterval(timer);
    process.stdout.write(`${JSON.stringify({ runId, queuedId })}\n`);
  }
}, 10);
