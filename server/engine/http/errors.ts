import { pyRepr, pyTuple } from "./pyRepr";

/** An HTTP answer decided before (or instead of) the normal response; thrown by handlers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType = "application/json",
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
  }
}

/** OpenAI-style `ErrorResponse` used by /v1/* handlers and the validation-error handler. */
export function errorResponse(status: number, message: string, type: string, param: string | null = null) {
  return { object: "error", message, type, param, code: status };
}

/** ValueError raised inside a /v1 handler → 400 BadRequestError. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, errorResponse(400, message, "BadRequestError"));
}

/** Native /generate failures: `{"error": {"message": ...}}` with status 400. */
export function generateError(message: string): HttpError {
  return new HttpError(400, { error: { message } });
}

export function internalError(err: unknown): HttpError {
  const detail = err instanceof Error ? err.message : String(err);
  return new HttpError(500, errorResponse(500, `Internal server error: ${detail}`, "InternalServerError"));
}

export interface FieldError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/**
 * FastAPI's RequestValidationError as SGLang reports it (400, type "Bad Request",
 * message `"<str(exc)> <exc.errors()>"`).
 */
export function validationError(errors: FieldError[]): HttpError {
  const items = errors.map((e) => `{'type': ${pyRepr(e.type)}, 'loc': ${pyTuple(e.loc)}, 'msg': ${pyRepr(e.msg)}, 'input': ${pyRepr(e.input)}}`);
  const head = `${errors.length} validation error${errors.length === 1 ? "" : "s"}:\n${items.map((s) => `  ${s}\n`).join("")}`;
  return new HttpError(400, errorResponse(400, `${head} [${items.join(", ")}]`, "Bad Request"));
}

export const notFound = () => new HttpError(404, { detail: "Not Found" });
export const methodNotAllowed = () => new HttpError(405, { detail: "Method Not Allowed" });
