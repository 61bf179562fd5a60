/**
 * Checks an `Authorization: Bearer <token>` header against the expected token
 * in constant time, so response timing does not reveal how much of a guess was
 * right.
 */
import { createHash, timingSafeEqual } from "node:crypto";

const BEARER = /^Bearer +(\S+) *$/i;

/** True when `req` carries `Authorization: Bearer <expected>`. */
export function hasBearerToken(req: Request, expected: string): boolean {
  const presented = req.headers.get("Authorization")?.match(BEARER)?.[1];
  if (presented === undefined) return false;
  // Hashing first gives both sides the same length, which timingSafeEqual requires, without
  // an early exit on a length mismatch.
  return timingSafeEqual(sha256(presented), sha256(expected));
}

function sha256(text: string): Uint8Array {
  return createHash("sha256").update(text).digest();
}
