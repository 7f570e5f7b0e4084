import type { ReferenceEngine } from "../engine";
import type { EngineRequest } from "../scheduler/request";
import type { DialectProfile } from "./dialectProfile";
import { errorResponse, HttpError } from "./errors";
import { generateOutput } from "./generateOutput";
import { parseGenerate, type ParsedGenerate } from "./generateRequest";
import { sendJson, type RouteContext } from "./router";
import { SseWriter } from "./sse";

/** POST|PUT /generate on both dialects. */
export async function handleGenerate(ctx: RouteContext, engine: ReferenceEngine, profile: DialectProfile): Promise<void> {
  const body = await ctx.json();
  const wantsStream = typeof body === "object" && body !== null && (body as { stream?: unknown }).stream === true;
  let parsed: ParsedGenerate;
  try {
    parsed = parseGenerate(body, engine, profile);
  } catch (err) {
    // In stream mode SGLang turns ValueErrors into an SSE error event (status 200), not a 400.
    if (wantsStream && err instanceof HttpError && err.status === 400 && isNativeError(err.body)) {
      const sse = new SseWriter(ctx.res);
      sse.event(err.body);
      sse.done();
      return;
    }
    throw err;
  }
  if (parsed.stream) return streamGenerate(ctx, engine, profile, parsed);

  const reqs = parsed.requests.map((p) => engine.submit(p.spec));
  await Promise.all(reqs.map((r) => engine.wait(r, ctx.signal)));
  if (ctx.signal.aborted) return;
  const failed = reqs.find((r) => r.finishReason?.type === "abort" && r.finishReason.status_code !== null);
  if (failed && failed.finishReason?.type === "abort") {
    const status = failed.finishReason.status_code!;
    throw new HttpError(status, errorResponse(status, failed.finishReason.message, failed.finishReason.err_type ?? String(status)));
  }
  const outputs = reqs.map((r, i) => generateOutput(engine, profile, r, parsed.requests[i]!.output, parsed.returnTextInLogprobs, true));
  sendJson(ctx.res, 200, parsed.isBatch ? outputs : outputs[0]);
}

function isNativeError(body: unknown): boolean {
  return typeof body === "object" && body !== null && "error" in body && typeof (body as { error: unknown }).error === "object";
}

/** Cumulative chunks (full text/ids/logprobs so far) per new token; batch chunks carry `index`. */
function streamGenerate(ctx: RouteContext, engine: ReferenceEngine, profile: DialectProfile, parsed: ParsedGenerate): Promise<void> {
  const sse = new SseWriter(ctx.res);
  const reqs: EngineRequest[] = [];
  return new Promise((resolve) => {
    let open = parsed.requests.length;
    const finishOne = () => {
      if (--open === 0) {
        sse.done();
        resolve();
      }
    };
    ctx.signal.addEventListener("abort", () => {
      for (const r of reqs) engine.scheduler.abort(r, "The client closed the connection.");
      resolve();
    });
    parsed.requests.forEach((p, index) => {
      const r = engine.submit(p.spec);
      reqs.push(r);
      let sent = 0;
      let closed = false;
      const onUpdate = () => {
        if (ctx.signal.aborted || closed) return;
        if (!r.finished && r.outputIds.length === sent) return;
        sent = r.outputIds.length;
        const chunk = generateOutput(engine, profile, r, p.output, parsed.returnTextInLogprobs, r.finished);
        sse.event(parsed.isBatch ? { ...chunk, index } : chunk);
        if (r.finished) {
          closed = true;
          finishOne();
        }
      };
      r.onUpdate(onUpdate);
      if (r.finished) onUpdate(); // refused at submit (shutting down)
    });
  });
}
