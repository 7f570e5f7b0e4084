import type { Services } from "../services";
import { BenchQueue } from "./queue";

/**
 * The benchmark queue of a Services instance, created (and recovered) on first use. Kept beside Services
 * until Services owns it (`bench: BenchQueue`, created in createServices, recovered at start, closed
 * in closeServices); keyed weakly so a test's services take their queue with them.
 */
const queues = new WeakMap<Services, BenchQueue>();

export function benchQueueFor(services: Services): BenchQueue {
  let q = queues.get(services);
  if (!q) {
    q = new BenchQueue({ db: services.db, bus: services.bus, backends: services.backends, version: services.version, dataDir: services.env.dataDir });
    queues.set(services, q);
    void q.recover();
  }
  return q;
}
