/**
 * Session cookies. A link's token is exchanged once for an HttpOnly cookie
 * and the browser is redirected to a clean URL, so tokens leave the address
 * bar and history. Professionals and clients have separate cookies, so one
 * browser can try both sides of a call.
 */
import { parseCookie, stringifySetCookie } from "cookie";
import { appContext } from "./app_context.ts";
import {
  type ClientAccess,
  type ProAccess,
  resolveClientSession,
  resolveProSession,
} from "../domain/links.ts";
import type { Participant } from "../signaling/hub.ts";

/** Cookie holding a professional's session token. */
export const PRO_COOKIE = "fd_pro";
/** Cookie holding a client's session token (one appointment). */
export const CLIENT_COOKIE = "fd_client";

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
 * Who is opening the signaling socket, from the session cookie; null means
 * 401. It only identifies: whether they may take a seat now (the window, a
 * cancel, a revoked link) is the hub's admission, which closes with a code
 * the browser reads. `/ws?role=client` is a client's call socket, `/ws?appointment=ID` a professional's call socket
 * (`&standby=1`: opened ahead, seated on `join`), and a plain `/ws` a
 * professional's dashboard socket.
 */
export async function authenticateSocket(req: Request): Promise<Participant | null> {
  const url = new URL(req.url);
  if (url.searchParams.get("role") === "client") {
    const { store, secret } = appContext();
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
    const appt = await appContext().store.getAppointment(appointmentId);
    if (!appt || appt.professionalId !== access.professional.id) return null;
  }
  return {
    role: "pro",
    professionalId: access.professional.id,
    appointmentId,
    standby: appointmentId !== null && url.searchParams.get("standby") === "1",
    expiresAt: access.claims.exp * 1000,
  };
}
