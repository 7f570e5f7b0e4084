/** A start-up problem the user can fix; printed as one line, without a stack trace. */
export class StartupError extends Error {}

export function describeListenError(err: NodeJS.ErrnoException, host: string, port: number): StartupError {
  if (err.code === "EADDRINUSE") {
    return new StartupError(
      `port ${port} is already in use. Stop what holds it (\`ss -ltnp | grep :${port}\`) or start on another port: PORT=${port + 1} npm start`,
    );
  }
  if (err.code === "EACCES") {
    return new StartupError(`not allowed to listen on ${host}:${port}. Use a port above 1024: PORT=3000 npm start`);
  }
  if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") {
    return new StartupError(`cannot listen on host "${host}". Set HOST to an address of this machine, e.g. HOST=127.0.0.1`);
  }
  return new StartupError(`cannot listen on ${host}:${port}: ${err.message}`);
}
