/**
 * Session cookies. A link's token is exchanged once for an HttpOnly cookie
 * and the browser is redirected to a clean URL, so tokens leave the address
 * bar and history. Professionals and the people they call have separate cookies, so one
 * browser can try both sides of a call. A browser is one person in a call: a client's or a
 * guest's session ({@linkcode CLIENT_COOKIE}, {@linkcode GUEST_COOKIE}); opening the other
 * kind of link replaces it (see {@linkcode personCookies}).
 */
import { parseCookie, stringifySetCookie } from "cookie";
import { appContext } from "../app/app_context.ts";
import {
  type ClientAccess,
  type ProAccess,
  resolveClientSession,
  resolveProSession,
} from "../domain/links.ts";
import {
  type GuestAccess,
  resolveGuestSession,
  resolveShareSession,
  type ShareAccess,
} from "../domain/guest_links.ts";
import type { Participant } from "../signaling/hub.ts";

/** Cookie holding a professional's session token. */
export const PRO_COOKIE = "fd_pro";
/** Cookie holding a client's session token (one appointment). */
export const CLIENT_COOKIE = "fd_client";
/** Cookie holding a guest's session token (an invited guest's, or a visitor's who knocked). */
export const GUEST_COOKIE = "fd_guest";
/** Cookie holding a share session: opened an instant call's share link, no name given yet. */
export const SHARE_COOKIE = "fd_share";

/** The value of cookie `name` in `req`, if any. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  return parseCookie(header)[name];
}

/** A `Set-Cookie` value for a session cookie expiring at `expiresAt` (epoch ms). */
export function sessionCookie(name: string, value: string, expiresAt: number): string {
  return stringifySetCookie({
    name,
    value,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: appContext().secure,
    expires: new Date(expiresAt),
  });
}

/** A `Set-Cookie` value that removes cookie `name`. */
export function clearedCookie(name: string): string {
  return stringifySetCookie({
    name,
    value: "",
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: appContext().secure,
    expires: new Date(0),
  });
}

/** The professional signed in on `req`, or why not. */
export function currentPro(req: Request): Promise<ProAccess> {
  const { store, secret } = appContext();
  return resolveProSession(store, secret, readCookie(req, PRO_COOKIE));
}

/** The client session on `req`, optionally required to be for `appointmentId`. */
export function currentClient(req: Request, appointmentId?: string): Promise<ClientAccess> {
  const { store, secret } = appContext();
  return resolveClientSession(store, secret, readCookie(req, CLIENT_COOKIE), {
    expectedAppointmentId: appointmentId,
  });
}

/**
 * The `Set-Cookie` values that make `cookie` (a client's or a guest's session) the browser's
 * one person session: the new session, and the other person cookie removed, so the appointment
 * page never has to guess whether this browser is the client or a guest.
 */
export function personCookies(
  cookie: typeof CLIENT_COOKIE | typeof GUEST_COOKIE,
  value: string,
  expiresAt: number,
): string[] {
  const other = cookie === CLIENT_COOKIE ? GUEST_COOKIE : CLIENT_COOKIE;
  return [sessionCookie(cookie, value, expiresAt), clearedCookie(other)];
}

/** The person cookie `req` holds (a guest's before a client's, see `personCookies`). */
export function personCookie(req: Request): typeof CLIENT_COOKIE | typeof GUEST_COOKIE {
  return readCookie(req, GUEST_COOKIE) !== undefined ? GUEST_COOKIE : CLIENT_COOKIE;
}

/** The guest session on `req`, optionally required to be for `appointmentId`. */
export function currentGuest(req: Request, appointmentId?: string): Promise<GuestAccess> {
  const { store, secret } = appContext();
  return resolveGuestSession(store, secret, readCookie(req, GUEST_COOKIE), {
    expectedAppointmentId: appointmentId,
  });
}

/** The share session on `req` (an instant call's link opened, no name yet) for `appointmentId`. */
export function currentShare(req: Request, appointmentId: string): Promise<ShareAccess> {
  const { store, secret } = appContext();
  return resolveShareSession(store, secret, readCookie(req, SHARE_COOKIE), {
    expectedAppointmentId: appointmentId,
  });
}

/** A guest on a call socket (`/ws?role=guest`), as {@linkcode identifySocket} finds them. */
export type GuestParticipant = Extract<Participant, { role: "guest" }>;

/**
 * Who is opening a signaling socket, from the session cookie, guests included; null means
 * 401. It only identifies: whether they may take a seat now (the window, a cancel, a revoked
 * link) is the hub's admission, which closes with a code the browser reads.
 * `/ws?role=client` is a client's call socket, `/ws?role=guest` a guest's,
 * `/ws?appointment=ID` a professional's call socket (`&standby=1`: opened ahead, seated on
 * `join`), and a plain `/ws` a professional's dashboard socket.
 */
export async function identifySocket(req: Request): Promise<Participant | null> {
  const url = new URL(req.url);
  const { store, secret } = appContext();
  const role = url.searchParams.get("role");
  if (role === "guest") {
    const access = await resolveGuestSession(store, secret, readCookie(req, GUEST_COOKIE), {
      anyLinkVersion: true,
    });
    if (!access.ok) return null;
    return {
      role: "guest",
      appointmentId: access.appointment.id,
      professionalId: access.professional.id,
      guestId: access.guest.id,
      linkVersion: access.claims.v!,
      expiresAt: access.claims.exp * 1000,
    };
  }
  if (role === "client") {
    const access = await resolveClientSession(store, secret, readCookie(req, CLIENT_COOKIE), {
      anyLinkVersion: true,
    });
    if (!access.ok) return null;
    return {
      role: "client",
      appointmentId: access.appointment.id,
      professionalId: access.professional.id,
      linkVersion: access.claims.v!,
      expiresAt: access.claims.exp * 1000,
    };
  }
  const access = await currentPro(req);
  if (!access.ok) return null;
  const appointmentId = url.searchParams.get("appointment");
  if (appointmentId !== null) {
    const appt = await store.getAppointment(appointmentId);
    if (!appt || appt.professionalId !== access.professional.id) return null;
  }
  return {
    role: "pro",
    professionalId: access.professional.id,
    appointmentId,
    standby: appointmentId !== null && url.searchParams.get("standby") === "1",
    sessionVersion: access.professional.sessionVersion,
    expiresAt: access.claims.exp * 1000,
  };
}

/**
 * The participant of a signaling socket: {@linkcode identifySocket}. Whether a guest may sit in
 * the call (removed, withdrawn link, full call) is the hub's admission, with a close code.
 */
export function authenticateSocket(req: Request): Promise<Participant | null> {
  return identifySocket(req);
}
