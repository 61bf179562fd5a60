/**
 * Cross-site request forgery protection for the dashboard's forms, which must
 * work without JavaScript: a synchronizer token (HMAC of the session cookie
 * under the signing secret, so it needs no storage) in a hidden field, plus a
 * same-origin check of `Origin` / `Sec-Fetch-Site` when the browser sends them.
 */
import { base64url } from "jose";
import { CSRF_FIELD } from "../utils/csrf_field.ts";

export { CSRF_FIELD };

async function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  return await crypto.subtle.importKey(
    "raw",
    secret as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

const label = (session: string) => new TextEncoder().encode(`csrf:${session}`);

/** The token to embed in forms of the session whose cookie value is `session`. */
export async function csrfToken(secret: Uint8Array, session: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), label(session));
  return base64url.encode(new Uint8Array(mac));
}

/**
 * True unless the browser says the request comes from another site. Fetch
 * metadata (`Sec-Fetch-Site`) is trusted first: with `Referrer-Policy:
 * no-referrer`, browsers send `Origin: null` even for same-origin form posts.
 */
export function isSameOrigin(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  const origin = req.headers.get("origin");
  if (origin === null || origin === "null") return true;
  return origin === new URL(req.url).origin;
}

/** Checks a submitted token against the session (HMAC verify is constant-time). */
export async function verifyCsrf(
  secret: Uint8Array,
  session: string,
  token: unknown,
): Promise<boolean> {
  if (typeof token !== "string" || token.length === 0 || token.length > 100) return false;
  let mac: Uint8Array;
  try {
    mac = base64url.decode(token);
  } catch {
    return false;
  }
  return await crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    mac as Uint8Array<ArrayBuffer>,
    label(session),
  );
}
