/**
 * Real signed session cookies for signaling tests: HS256 JWTs made and
 * verified with `jose`, and an `authenticate` that maps them to a
 * {@linkcode Participant} the way the app's session layer does.
 */

import { parseCookie } from "cookie";
import { jwtVerify, SignJWT } from "jose";
import type { Participant } from "../hub.ts";

const ISSUER = "frontdesk-test";
const AUDIENCE = "frontdesk-signaling";
const COOKIE = "fd_session";

/** Who a test session belongs to. */
export type TestSession =
  | { kind: "client"; appointmentId: string; professionalId: string; linkVersion?: number }
  | {
    kind: "guest";
    appointmentId: string;
    professionalId: string;
    guestId: string;
    linkVersion?: number;
  }
  | { kind: "pro"; professionalId: string };

/** Signs sessions with a fresh random key and verifies them. */
export class TestSessions {
  readonly #key = crypto.getRandomValues(new Uint8Array(32));

  /** A `cookie` header value holding a signed session valid for `ttlSec`. */
  async cookie(session: TestSession, ttlSec = 3600): Promise<string> {
    const claims = session.kind === "client"
      ? {
        typ: "client",
        appt: session.appointmentId,
        pro: session.professionalId,
        v: session.linkVersion ?? 1,
      }
      : session.kind === "guest"
      ? {
        typ: "guest",
        appt: session.appointmentId,
        pro: session.professionalId,
        gid: session.guestId,
        v: session.linkVersion ?? 1,
      }
      : { typ: "pro" };
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(session.kind === "pro" ? session.professionalId : session.appointmentId)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSec)
      .sign(this.#key);
    return `${COOKIE}=${jwt}`;
  }

  /** Session cookie → participant; `?appointment=` picks a pro's call socket. */
  authenticate = async (req: Request): Promise<Participant | null> => {
    const token = parseCookie(req.headers.get("cookie") ?? "")[COOKIE];
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ["exp", "iat", "sub", "typ"],
      });
      const expiresAt = payload.exp! * 1000;
      if (
        payload.typ === "client" && typeof payload.appt === "string" &&
        typeof payload.pro === "string" && typeof payload.v === "number"
      ) {
        return {
          role: "client",
          appointmentId: payload.appt,
          professionalId: payload.pro,
          linkVersion: payload.v,
          expiresAt,
        };
      }
      if (
        payload.typ === "guest" && typeof payload.appt === "string" &&
        typeof payload.pro === "string" && typeof payload.gid === "string" &&
        typeof payload.v === "number"
      ) {
        return {
          role: "guest",
          appointmentId: payload.appt,
          professionalId: payload.pro,
          guestId: payload.gid,
          linkVersion: payload.v,
          expiresAt,
        };
      }
      if (payload.typ === "pro") {
        const params = new URL(req.url).searchParams;
        const appointmentId = params.get("appointment");
        const standby = appointmentId !== null && params.get("standby") === "1";
        return { role: "pro", professionalId: payload.sub!, appointmentId, standby, expiresAt };
      }
      return null;
    } catch {
      return null;
    }
  };
}
