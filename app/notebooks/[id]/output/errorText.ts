import type { BackendError, BackendErrorKind } from "../../../../lib/schemas/backend";

/** What each failure kind means, in words a user can act on. */
const KIND_WORDS: Readonly<Record<BackendErrorKind, string>> = {
  unreachable: "could not be reached",
  timeout: "did not answer in time",
  unauthorized: "refused the API key",
  http: "answered with an error",
  malformed: "answered with something Studio could not read",
  "stream-cut": "cut the stream before it finished",
  "invalid-input": "was not sent a request (the input was refused first)",
  cancelled: "was stopped before it answered (the run was cancelled)",
};

export function describeBackendError(who: string, e: BackendError): string {
  const status = e.status ? ` (HTTP ${e.status})` : "";
  return `${who} ${KIND_WORDS[e.kind]}${status}: ${e.message}`;
}

/** Ends a message with a full stop unless it already ends a sentence. */
export function sentence(s: string): string {
  const t = s.trimEnd();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}
