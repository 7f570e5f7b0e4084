import { BackendRegistry } from "./backends/registry";
import { BenchQueue } from "./bench/queue";
import { HealthMonitor } from "./backends/healthMonitor";
import { createDb, type Db } from "./db/client";
import { migrate } from "./db/migrate";
import { ensureWritableDataDir } from "./dataDir";
import type { Env } from "./env";
import { EventBus } from "./events";
import { CellJobs } from "./notebooks/cellJobs";
import { NotebookStore } from "./notebooks/store";
import { ShareStore } from "./shares/store";
import { readStudioVersion, type StudioVersion } from "./version";

/** Everything the routers need, built once per process (or per test) with an explicit lifecycle. */
export interface Services {
  env: Env;
  db: Db;
  bus: EventBus;
  backends: BackendRegistry;
  health: HealthMonitor;
  notebooks: NotebookStore;
  cellJobs: CellJobs;
  bench: BenchQueue;
  shares: ShareStore;
  version: StudioVersion;
}

export async function createServices(env: Env): Promise<Services> {
  ensureWritableDataDir(env.dataDir); // the CLI comes here without the server's start-up checks
  await migrate(env.dataDir);
  const db = createDb(env.dataDir);
  const bus = new EventBus();
  const backends = new BackendRegistry(db, bus);
  const health = new HealthMonitor({
    intervalMs: env.STUDIO_HEALTH_INTERVAL_MS,
    timeoutMs: env.STUDIO_HEALTH_TIMEOUT_MS,
    listBackends: () => backends.list(),
    bus,
  });
  const notebooks = new NotebookStore(db);
  const shares = new ShareStore(db, notebooks, backends);
  const cellJobs = new CellJobs({ db, bus, backends, notebooks, env });
  const version = readStudioVersion();
  const bench = new BenchQueue({ db, bus, backends, version, dataDir: env.dataDir });
  return { env, db, bus, backends, health, notebooks, cellJobs, bench, shares, version };
}

export async function closeServices(s: Services): Promise<void> {
  await s.health.stop();
  await s.cellJobs.close();
  await s.bench.close();
  await s.db.$disconnect();
}
