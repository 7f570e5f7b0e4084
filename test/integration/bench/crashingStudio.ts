// A studio process for the restart test: starts a benchmark run from the queue (and queues a second) and prints their ids once
// the first level is stored, then keeps running until the test kills it (SIGKILL: no cleanup at all).
import { loadEnv } from "../../../server/env";
import { createServices } from "../../../server/services";

const [dataDir, benchmarkId] = process.argv.slice(2);
const services = await createServices(loadEnv({ STUDIO_DATA_DIR: dataDir, STUDIO_REFERENCE_ENGINES: "off" }));
const queue = services.bench;
const runId = await queue.enqueue(benchmarkId as string);
// one job at a time: this one waits behind the first, still queued when the process dies
const queuedId = await queue.enqueue(benchmarkId as string);
const timer = setInterval(async () => {
  const stored = await services.db.runSeries.count({ where: { runId } });
  if (stored > 0) {
    clearInterval(timer);
    process.stdout.write(`${JSON.stringify({ runId, queuedId })}\n`);
  }
}, 10);
