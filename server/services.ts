import { BackendRegistry } from "./backends/registry";
import { HealthMonitor } from "./backends/healthMonitor";
import { createDb, type Db } from "./db/client";
import { migrate } from "./db/migrate";
import type { Env } from "./env";
import { EventBus } from "./events";
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
  shares: ShareStore;
  version: StudioVersion;
}

export async function createServices(env: Env): Promise<Services> {
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
  return { env, db, bus, backends, health, notebooks, shares, version: readStudioVersion() };
}

export async function closeServices(s: Services): Promise<void> {
  await s.health.stop();
  await s.db.$disconnect();
}
