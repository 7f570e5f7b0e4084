import { randomBytes } from "node:crypto";

/** Random ids: 16 bytes (128 bits) base64url by default, so ids that are also capabilities stay unguessable. */
export function newId(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}
