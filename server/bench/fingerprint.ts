import os from "node:os";
import type { BackendConfig } from "../../lib/schemas/backend";
import type { Fingerprint } from "../../lib/schemas/benchmarkRun";
import { adapters } from "../adapters/registry";
import type { StudioVersion } from "../version";

/**
 * The environment a run measured: Studio's version and commit, the host (CPU count and load, which
 * skew client-side timings when the machine is busy), and each backend's identity as its adapter
 * reads it (version, model path, dtype, flags).
 */
export async function takeFingerprint(
  version: StudioVersion,
  backends: ReadonlyArray<{ name: string; config: BackendConfig }>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Fingerprint> {
  const identities = await Promise.all(
    backends.map(({ config }) => adapters[config.dialect].identity(config, { timeoutMs, ...(signal ? { signal } : {}) }).catch(() => null)),
  );
  const cpus = os.cpus();
  return {
    takenAt: new Date().toISOString(),
    studio: { version: version.version, commit: version.commit },
    host: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? null,
      loadAvg: os.loadavg(),
      platform: os.platform(),
      release: os.release(),
      node: process.version,
      totalMemMb: Math.round(os.totalmem() / (1024 * 1024)),
    },
    backends: backends.map(({ name, config }, i) => ({ name, dialect: config.dialect, baseUrl: config.baseUrl, identity: identities[i] ?? null })),
  };
}
