import type { IncomingMessage } from "node:http";
import { errorResponse, HttpError, validationError } from "./errors";

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads the whole body, refusing more than MAX_BODY_BYTES with 413. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): HttpError {
  return new HttpError(413, errorResponse(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`, "Payload Too Large"));
}

function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").toLowerCase().split(";", 1)[0]!.trim();
}

/**
 * Parses a JSON body the way FastAPI does: malformed JSON is a 400 validation error; on /v1/*
 * routes (`strictJson`) the content type must be application/json ("Unsupported Media Type").
 * Returns undefined for an empty body when the body is optional.
 */
export async function readJson(req: IncomingMessage, opts: { strictJson: boolean; optional: boolean }): Promise<unknown> {
  if (opts.strictJson && mediaType(req) !== "application/json") {
    throw validationError([
      { type: "value_error", loc: ["header", "content-type"], msg: "Unsupported Media Type: Only 'application/json' is allowed", input: mediaType(req) },
    ]);
  }
  const raw = await readBody(req);
  const text = raw.toString("utf8");
  if (text.trim() === "") {
    if (opts.optional) return undefined;
    throw validationError([{ type: "missing", loc: ["body"], msg: "Field required", input: null }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw validationError([{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {} }, { type: "value_error", loc: ["body"], msg: detail, input: text.slice(0, 200) }]);
  }
}
