import { z } from "zod";
import { Dialect } from "./dialect";

/** Where a backend's definition came from; config wins over the database (README "Configuration"). */
export const BackendSource = z.enum(["user", "config", "reference"]);
export type BackendSource = z.infer<typeof BackendSource>;

const httpUrl = z
  .string()
  .trim()
  .min(1, "base URL is required")
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, "base URL must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:30000")
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.username === "" && u.password === "";
    } catch {
      return true;
    }
  }, "base URL must not hold a user name or password (it would be shown and shared); put the key in the API key field")
  .transform((s) => s.replace(/\/+$/, ""));

/** What a user (or a config file) gives to define a backend. */
export const BackendInput = z.object({
  name: z.string().trim().min(1, "name is required").max(80),
  dialect: Dialect,
  baseUrl: httpUrl,
  apiKey: z.string().max(4096).optional().nullable(),
  model: z.string().trim().max(512).optional().nullable(),
});
export type BackendInput = z.infer<typeof BackendInput>;

/** A backend as the server holds it (with its secret). Never sent to the browser: see PublicBackend. */
export const BackendConfig = BackendInput.extend({
  id: z.string(),
  source: BackendSource,
});
export type BackendConfig = z.infer<typeof BackendConfig>;

/** What the browser may see: the API key is replaced by whether one is set. */
export const PublicBackend = z.object({
  id: z.string(),
  name: z.string(),
  dialect: Dialect,
  baseUrl: z.string(),
  model: z.string().nullable(),
  apiKeySet: z.boolean(),
  source: BackendSource,
});
export type PublicBackend = z.infer<typeof PublicBackend>;

/** Why a call to a backend failed, as data (adapters never throw for network or HTTP failures). */
export const BackendErrorKind = z.enum([
  "unreachable", // connection refused, DNS, reset before a response
  "timeout", // no (complete) answer in time
  "unauthorized", // 401/403
  "http", // other 4xx/5xx
  "malformed", // body is not the JSON we expect
  "stream-cut", // a stream ended before [DONE]/final chunk
  "invalid-input", // the request was refused before sending
  "cancelled", // the caller (user, job cancel) aborted the call
]);
export type BackendErrorKind = z.infer<typeof BackendErrorKind>;

export const BackendError = z.object({
  kind: BackendErrorKind,
  message: z.string(),
  status: z.number().int().nullable().optional(),
  body: z.string().nullable().optional(),
});
export type BackendError = z.infer<typeof BackendError>;

export const HealthStatus = z.object({
  backendId: z.string(),
  state: z.enum(["unknown", "healthy", "down"]),
  checkedAt: z.string(), // ISO time
  latencyMs: z.number().nullable(),
  error: BackendError.nullable(),
  since: z.string().nullable(), // ISO time the state began
});
export type HealthStatus = z.infer<typeof HealthStatus>;

/** The server's identity, normalised across dialects; `raw` keeps each endpoint's excerpt as evidence. */
export const BackendIdentity = z.object({
  version: z.string().nullable(),
  modelPath: z.string().nullable(),
  servedModel: z.string().nullable(),
  dtype: z.string().nullable(),
  maxModelLen: z.number().nullable(),
  flags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  isReferenceEngine: z.boolean(),
  fetchedAt: z.string(),
  errors: z.array(z.string()),
  raw: z.record(z.string(), z.unknown()),
});
export type BackendIdentity = z.infer<typeof BackendIdentity>;
