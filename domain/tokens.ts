/**
 * Signed tokens (HS256 JWTs, via jose) for dashboard links, client links,
 * guest links, instant calls' share links and the session cookies they are
 * exchanged for. The `kind` claim keeps them apart, so a client's token can
 * never act as a professional's, nor a guest's as the client's.
 */

import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { joinWindow } from "./appointments.ts";
import type { Appointment, Guest } from "./store.ts";

/** `iss` and `aud` of every Frontdesk token. */
export const ISSUER = "frontdesk";
export const AUDIENCE = "frontdesk";

/** How long a professional's dashboard link stays valid. */
export const PRO_LINK_TTL_MS = 30 * 24 * 3_600_000;
/** How long a professional's session cookie stays valid. */
export const PRO_SESSION_TTL_MS = 12 * 3_600_000;

/**
 * The token types. Links travel in URLs; sessions live in HttpOnly cookies.
 * - `pro-*`: a professional (sub: professional id);
 * - `client-*`: the client of one appointment (sub: appointment id, v: its link version);
 * - `guest-*`: one guest of one appointment (sub: appointment id, gid: guest id, v: the
 *   guest's link version); a visitor's session after knocking is a `guest-session` too;
 * - `share-*`: an instant call's share link, which anyone it is forwarded to may open (sub:
 *   appointment id, v: its share version); its session only lets the holder type a name and
 *   knock, which makes them a guest.
 */
export type TokenKind =
  | "pro-link"
  | "client-link"
  | "guest-link"
  | "share-link"
  | "pro-session"
  | "client-session"
  | "guest-session"
  | "share-session";

/** Every kind, links first. */
export const TOKEN_KINDS: readonly TokenKind[] = [
  "pro-link",
  "client-link",
  "guest-link",
  "share-link",
  "pro-session",
  "client-session",
  "guest-session",
  "share-session",
];

/** Kinds whose `v` claim is a version (client link, guest link or share version). */
const VERSIONED = new Set<TokenKind>([
  "client-link",
  "client-session",
  "guest-link",
  "guest-session",
  "share-link",
  "share-session",
]);
/** Kinds that name a guest in `gid`. */
const FOR_GUEST = new Set<TokenKind>(["guest-link", "guest-session"]);

/** The claims of a verified token. Times are JWT NumericDates (epoch seconds). */
export interface TokenClaims {
  kind: TokenKind;
  /** Professional id for `pro-*` kinds, appointment id for every other kind. */
  sub: string;
  iat: number;
  exp: number;
  /** The link version of `client-*` and `guest-*` kinds, the share version of `share-*`. */
  v?: number;
  /** The guest id (`guest-*` kinds only). */
  gid?: string;
  /**
   * The professional's session version the token was issued under (`pro-*` kinds): "Sign out
   * everywhere" bumps it and older tokens are refused. Tokens from before versions existed
   * have none and count as version 1.
   */
  sv?: number;
}

/** Why a token was refused. */
export type TokenFailure =
  | "empty"
  | "malformed"
  | "bad_signature"
  | "bad_algorithm"
  | "expired"
  | "not_yet_valid"
  | "wrong_issuer"
  | "wrong_audience"
  | "wrong_kind"
  | "missing_claim";

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | {
    ok: false;
    reason: TokenFailure;
    /**
     * The payload when its signature was good but a claim was not (expired,
     * wrong kind…): trustworthy enough to name the row in an audit entry.
     */
    signedPayload?: JWTPayload;
  };

/** Tokens longer than this are refused unparsed. Ours are about 250 bytes. */
const MAX_TOKEN_LENGTH = 4096;

const seconds = (ms: number) => Math.floor(ms / 1000);

function sign(
  secret: Uint8Array,
  claims: { kind: TokenKind; v?: number; gid?: string; sv?: number },
  sub: string,
  now: number,
  expiresAtMs: number,
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(sub)
    .setIssuedAt(seconds(now))
    .setExpirationTime(seconds(expiresAtMs))
    .sign(secret);
}

/**
 * A professional's dashboard link token, valid 30 days, under their session version
 * `sessionVersion` (it stops when they sign out everywhere).
 */
export function signProLink(
  secret: Uint8Array,
  professionalId: string,
  now: number = Date.now(),
  sessionVersion = 1,
): Promise<string> {
  return sign(
    secret,
    { kind: "pro-link", sv: sessionVersion },
    professionalId,
    now,
    now + PRO_LINK_TTL_MS,
  );
}

/**
 * A client's link to one appointment, valid until the join window closes.
 * It has no `nbf`: a client opening it early gets the friendly "opens at…"
 * page rather than an error.
 */
export function signClientLink(
  secret: Uint8Array,
  appointment: Pick<Appointment, "id" | "linkVersion" | "startsAt" | "durationMin">,
  now: number = Date.now(),
): Promise<string> {
  return sign(
    secret,
    { kind: "client-link", v: appointment.linkVersion },
    appointment.id,
    now,
    joinWindow(appointment).closesAt,
  );
}

/**
 * An invited guest's own link to one appointment, valid until the join window
 * closes; like a client link it has no `nbf`, so an early guest sees "opens at…".
 */
export function signGuestLink(
  secret: Uint8Array,
  appointment: Pick<Appointment, "id" | "startsAt" | "durationMin">,
  guest: Pick<Guest, "id" | "linkVersion">,
  now: number = Date.now(),
): Promise<string> {
  return sign(
    secret,
    { kind: "guest-link", v: guest.linkVersion, gid: guest.id },
    appointment.id,
    now,
    joinWindow(appointment).closesAt,
  );
}

/** An instant call's share link (may be forwarded), valid until the join window closes. */
export function signShareLink(
  secret: Uint8Array,
  appointment: Pick<Appointment, "id" | "shareVersion" | "startsAt" | "durationMin">,
  now: number = Date.now(),
): Promise<string> {
  return sign(
    secret,
    { kind: "share-link", v: appointment.shareVersion },
    appointment.id,
    now,
    joinWindow(appointment).closesAt,
  );
}

/** Whose session a cookie token carries. */
export type SessionSubject =
  | {
    kind: "pro-session";
    professionalId: string;
    /** The professional's session version (default 1). */
    sessionVersion?: number;
  }
  | {
    kind: "client-session";
    appointmentId: string;
    linkVersion: number;
    /** The exchanged client link's `exp` (epoch seconds): the session ends with the link. */
    linkExp: number;
  }
  | {
    /** An invited guest (from a guest link) or a visitor who knocked (from a share session). */
    kind: "guest-session";
    appointmentId: string;
    guestId: string;
    linkVersion: number;
    /** The exchanged link's (or share session's) `exp`, epoch seconds. */
    linkExp: number;
  }
  | {
    /** Someone who opened a share link and has not given a name yet. */
    kind: "share-session";
    appointmentId: string;
    shareVersion: number;
    /** The exchanged share link's `exp`, epoch seconds. */
    linkExp: number;
  };

/**
 * A session cookie token: 12 hours for a professional, until the exchanged
 * link's end for everyone else.
 */
export function signSession(
  secret: Uint8Array,
  subject: SessionSubject,
  now: number = Date.now(),
): Promise<string> {
  if (subject.kind === "pro-session") {
    return sign(
      secret,
      { kind: subject.kind, sv: subject.sessionVersion ?? 1 },
      subject.professionalId,
      now,
      now + PRO_SESSION_TTL_MS,
    );
  }
  const claims = subject.kind === "client-session"
    ? { kind: subject.kind, v: subject.linkVersion }
    : subject.kind === "guest-session"
    ? { kind: subject.kind, v: subject.linkVersion, gid: subject.guestId }
    : { kind: subject.kind, v: subject.shareVersion };
  return sign(secret, claims, subject.appointmentId, now, subject.linkExp * 1000);
}

/** Verifies `token` as a token of `kind`. Never throws on bad input. */
export async function verifyToken(
  secret: Uint8Array,
  token: string | null | undefined,
  kind: TokenKind,
  now: number = Date.now(),
): Promise<VerifyResult> {
  if (typeof token !== "string" || token.trim() === "") return { ok: false, reason: "empty" };
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["exp", "iat"],
      currentDate: new Date(now),
    }));
  } catch (err) {
    return failureFrom(err);
  }
  if (payload.kind === undefined) {
    return { ok: false, reason: "missing_claim", signedPayload: payload };
  }
  if (payload.kind !== kind) return { ok: false, reason: "wrong_kind", signedPayload: payload };
  const { sub, v, gid, sv } = payload;
  const isPro = kind === "pro-link" || kind === "pro-session";
  const needsVersion = VERSIONED.has(kind);
  const needsGuest = FOR_GUEST.has(kind);
  if (
    typeof sub !== "string" || sub === "" ||
    (needsVersion && !(typeof v === "number" && Number.isInteger(v) && v >= 1)) ||
    (needsGuest && !(typeof gid === "string" && gid !== "")) ||
    (isPro && sv !== undefined && !(typeof sv === "number" && Number.isInteger(sv) && sv >= 1))
  ) {
    return { ok: false, reason: "missing_claim", signedPayload: payload };
  }
  const claims: TokenClaims = { kind, sub, iat: payload.iat!, exp: payload.exp! };
  if (needsVersion) claims.v = v as number;
  if (needsGuest) claims.gid = gid as string;
  if (isPro) claims.sv = (sv as number | undefined) ?? 1;
  return { ok: true, claims };
}

/** Maps a jose error to our reason. Claim errors carry a payload whose signature checked out. */
function failureFrom(err: unknown): VerifyResult & { ok: false } {
  if (err instanceof errors.JWTExpired) {
    return { ok: false, reason: "expired", signedPayload: err.payload };
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    const signedPayload = err.payload;
    if (err.reason === "missing") return { ok: false, reason: "missing_claim", signedPayload };
    if (err.reason === "invalid") return { ok: false, reason: "malformed", signedPayload };
    switch (err.claim) {
      case "nbf":
        return { ok: false, reason: "not_yet_valid", signedPayload };
      case "iss":
        return { ok: false, reason: "wrong_issuer", signedPayload };
      case "aud":
        return { ok: false, reason: "wrong_audience", signedPayload };
      default:
        return { ok: false, reason: "malformed", signedPayload };
    }
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return { ok: false, reason: "bad_signature" };
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) {
    return { ok: false, reason: "bad_algorithm" };
  }
  // JWSInvalid, JWTInvalid, and anything unexpected: not a token we can read.
  return { ok: false, reason: "malformed" };
}
