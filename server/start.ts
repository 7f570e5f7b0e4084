// `npm start`: build the web app if its sources changed since the last build, then start the studio.
import http from "node:http";
import { readDeclaredBackends } from "./backends/declared";
import { ensureBuilt } from "./build";
import { ensureWritableDataDir } from "./dataDir";
import { ConfigError, loadEnv } from "./env";
import { describeListenError, StartupError } from "./startupError";
import { onStopSignals } from "./stopSignals";

/** Fails fast on a taken port, before a minute of building. */
function probePort(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.once("error", (err: NodeJS.ErrnoException) => reject(describeListenError(err, host, port)));
    s.listen(port, host, () => s.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const env = loadEnv();
  ensureWritableDataDir(env.dataDir);
  readDeclaredBackends(env);
  await probePort(env.HOST, env.PORT);
  await ensureBuilt();
  const { startStudio } = await import("./main");
  const studio = await startStudio(env);
  const engines = studio.referenceEngines
    ? `\n  no backends configured: started the reference engines\n${studio.referenceEngines.backends.map((b) => `    ${b.name}  ${b.baseUrl}`).join("\n")}`
    : "";
  process.stdout.write(`SGLang Studio ${studio.services.version.version} (${studio.services.version.commit}) ready on ${studio.url}${engines}\n`);
  // A second Ctrl-C forces it; the same Ctrl-C relayed by npm/tsx does not (server/stopSignals).
  onStopSignals(
    (signal) => {
      process.stdout.write(`\n${signal}: stopping SGLang Studio…\n`);
      studio.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    },
    () => process.exit(1),
  );
}

main().catch((err: unknown) => {
  if (err instanceof StartupError || err instanceof ConfigError) {
    process.stderr.write(`studio: ${err.message}\n`);
  } else {
    process.stderr.write(`studio: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
