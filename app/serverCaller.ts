/**
 * Server components call the tRPC router in-process through the caller the studio server registered at
 * start (same process, same services). Outside the studio server (e.g. `next build`) there is none.
 */
export function serverCaller() {
  const studio = globalThis.__sglangStudio;
  if (!studio) throw new Error("SGLang Studio's server is not running in this process; start it with `npm start`");
  return studio.caller;
}
