/**
 * The sessions of the people a professional calls, as `/join-video` and the knock form start
 * them: a client's or a guest's session cookie (one person a browser, see `personCookies`), or
 * a share session for someone who opened an instant call's link and has not given a name yet.
 * Each answers 303 to a clean URL, so the token leaves the address bar.
 */
import type { ClientAccess } from "../domain/links.ts";
import type { GuestAccess, ShareAccess } from "../domain/guest_links.ts";
import type { Guest } from "../domain/store.ts";
import { signSession } from "../domain/tokens.ts";
import { appContext } from "../app/app_context.ts";
import { seeOther } from "./see_other.ts";
import {
  clearedCookie,
  CLIENT_COOKIE,
  currentClient,
  currentGuest,
  GUEST_COOKIE,
  personCookie,
  personCookies,
  readCookie,
  sessionCookie,
  SHARE_COOKIE,
} from "./session.ts";

type Granted<A> = Extract<A, { ok: true }>;

/** Who this browser already is in a call: a client or a guest, with a valid session. */
export type CurrentPerson = Granted<ClientAccess> | Granted<GuestAccess>;

/** The person session `req` holds, if it is valid now (an ended or revoked one counts as none). */
export async function currentPerson(req: Request): Promise<CurrentPerson | null> {
  const cookie = personCookie(req);
  if (readCookie(req, cookie) === undefined) return null;
  const access = cookie === GUEST_COOKIE ? await currentGuest(req) : await currentClient(req);
  return access.ok ? access : null;
}

/** Whether `current` is the very person a link grants (same appointment, same guest or client). */
export function samePerson(current: CurrentPerson, appointmentId: string, guest?: Guest): boolean {
  if (current.appointment.id !== appointmentId) return false;
  const currentGuestId = "guest" in current ? current.guest.id : undefined;
  return currentGuestId === guest?.id;
}

const appointmentPath = (id: string) => `/appointments/${encodeURIComponent(id)}`;

/** A client's link exchanged: the client session, then the appointment page. */
export async function startClientSession(
  { appointment, claims }: Granted<ClientAccess>,
): Promise<Response> {
  const { store, secret } = appContext();
  const session = await signSession(secret, {
    kind: "client-session",
    appointmentId: appointment.id,
    linkVersion: appointment.linkVersion,
    linkExp: claims.exp,
  });
  await store.audit({
    appointmentId: appointment.id,
    professionalId: appointment.professionalId,
    actor: "client",
    action: "link.opened",
  });
  return seeOther(
    appointmentPath(appointment.id),
    personCookies(CLIENT_COOKIE, session, claims.exp * 1000),
  );
}

/**
 * A guest's session, then the appointment page: from the guest's own link, or for a visitor
 * who just knocked (`linkExp` is then the share session's end).
 */
export async function startGuestSession(
  appointment: { id: string; professionalId: string },
  guest: Guest,
  linkExp: number,
): Promise<Response> {
  const { store, secret } = appContext();
  const session = await signSession(secret, {
    kind: "guest-session",
    appointmentId: appointment.id,
    guestId: guest.id,
    linkVersion: guest.linkVersion,
    linkExp,
  });
  await store.audit({
    appointmentId: appointment.id,
    professionalId: appointment.professionalId,
    actor: "guest",
    action: "link.opened",
    detail: `guest ${guest.id}`,
  });
  return seeOther(
    appointmentPath(appointment.id),
    [...personCookies(GUEST_COOKIE, session, linkExp * 1000), clearedCookie(SHARE_COOKIE)],
  );
}

/** An instant call's share link exchanged: the share session, then the name form. */
export async function startShareSession(
  { appointment, claims }: Granted<ShareAccess>,
): Promise<Response> {
  const session = await signSession(appContext().secret, {
    kind: "share-session",
    appointmentId: appointment.id,
    shareVersion: appointment.shareVersion,
    linkExp: claims.exp,
  });
  return seeOther(
    `${appointmentPath(appointment.id)}/knock`,
    [sessionCookie(SHARE_COOKIE, session, claims.exp * 1000)],
  );
}
