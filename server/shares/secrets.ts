/**
 * A share link is read by people who must never see a backend's API key. Results already keep public
 * backend fields only and record `Authorization` as "Bearer ***"; this is the second line: redact by
 * field name, replace any known key wherever it appears, then refuse to share if one still does.
 */

const SECRET_FIELDS = /^(authorization|proxy-authorization|x-api-key|api[-_]?key|cookie|set-cookie)$/i;
const MASK = "***";
/** Keys shorter than this are only masked where a whole value equals them: a substring sweep would mangle text. */
export const MIN_SWEEP_CHARS = 8;

export class SecretLeakError extends Error {}

function maskField(value: string): string {
  // keep the scheme ("Bearer ***") so the evidence still says how the call was authenticated
  const scheme = /^(\w+)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

function scrubString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) {
    if (secret.length >= MIN_SWEEP_CHARS) out = out.split(secret).join(MASK);
    else if (out === secret || out.endsWith(` ${secret}`)) out = maskField(out);
  }
  return out;
}

/** A deep copy of `value` with secret-named fields masked and every known secret replaced. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === "string") return key !== null && SECRET_FIELDS.test(key) && v !== "" ? maskField(v) : scrubString(v, secrets);
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (typeof v === "object" && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrubString(k, secrets), walk(x, k)]));
    }
    return v;
  };
  return walk(value, null) as T;
}

/** Throws when any secret of sweepable length still appears in the serialized value (raw or JSON-escaped). */
export function assertNoSecrets(serialized: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (secret.length < MIN_SWEEP_CHARS) continue;
    if (serialized.includes(secret) || serialized.includes(JSON.stringify(secret).slice(1, -1))) {
      throw new SecretLeakError("the snapshot still contains a backend API key after redaction; the share was not created");
    }
  }
}
