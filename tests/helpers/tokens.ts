/** Forged and hand-made tokens for attack tests, signed with a known test secret. */
import { base64url, generateKeyPair, SignJWT } from "jose";

/** A fixed-length random secret for a test server's LINK_SECRET. */
export function testSecret(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(36)));
}

/** Options for {@linkcode forge}. */
export interface ForgeOptions {
  alg?: "HS256" | "HS512";
  kind?: string;
  sub: string;
  v?: number;
  /** The guest id of `guest-*` kinds. */
  gid?: string;
  iss?: string;
  aud?: string;
  iatSec?: number;
  expSec?: number;
  nbfSec?: number;
}

/** Signs arbitrary claims with `secret` (HS256 unless told). */
export function forge(secret: string, o: ForgeOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { kind: o.kind ?? "client-link" };
  if (o.v !== undefined) claims.v = o.v;
  if (o.gid !== undefined) claims.gid = o.gid;
  if (o.nbfSec !== undefined) claims.nbf = o.nbfSec;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? "HS256", typ: "JWT" })
    .setIssuer(o.iss ?? "frontdesk")
    .setAudience(o.aud ?? "frontdesk")
    .setSubject(o.sub)
    .setIssuedAt(o.iatSec ?? now)
    .setExpirationTime(o.expSec ?? now + 3600)
    .sign(new TextEncoder().encode(secret));
}

/** An unsigned `alg: none` token with the given claims. */
export function unsigned(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => base64url.encode(new TextEncoder().encode(JSON.stringify(o)));
  return `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`;
}

/** A token with a valid RS256 signature from a key the server never saw. */
export async function rs256(claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
}
