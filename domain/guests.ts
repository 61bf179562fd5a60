/**
 * Adding guests, as the routes will: the professional's "add a guest" form (name and role) and
 * a visitor's knock on an instant call (a name). Both validate the name like a client's
 * (`checkPersonName`) and turn a full call into plain words. Who holds a seat and how a guest
 * gets in: participants.ts.
 */

import { t } from "../i18n/t.ts";
import { appointmentTitle, clientPhase } from "./appointments.ts";
import { checkPersonName, checkShownText, type TextCheck } from "./names.ts";
import { type Appointment, type Guest, ParticipantLimitError, type Store } from "./store.ts";

/** Longest accepted role word, in characters. */
export const MAX_ROLE_CHARS = 40;

/** Role words the form suggests; any other words pass `checkGuestRole` too. */
export const GUEST_ROLE_SUGGESTIONS: readonly string[] = [
  "interpreter",
  "family member",
  "colleague",
];

/** The role of a visitor who came in through an instant call's share link. */
export const VISITOR_ROLE = "guest";

/** The professional's words for who a guest is: the rules of a name, shorter. */
export function checkGuestRole(raw: string): TextCheck {
  return checkShownText(raw, {
    noun: t("text.noun.role"),
    maxChars: MAX_ROLE_CHARS,
    empty: t("text.emptyRole"),
  });
}

/** A guest as people read them: "Maria (interpreter)". */
export function guestLabel(guest: Pick<Guest, "name" | "role">): string {
  return `${guest.name} (${guest.role})`;
}

/** The "add a guest" form as posted (every field a string). */
export interface NewGuestForm {
  name: string;
  /** Free text, checked by {@linkcode checkGuestRole}. */
  role: string;
}

/** Form fields that can carry an error message. */
export type GuestField = "name" | "role";

export type GuestInvitation =
  | { ok: true; guest: Guest }
  | {
    ok: false;
    errors: Partial<Record<GuestField, string>>;
    /** The submitted values, to fill the form again. */
    values: NewGuestForm;
  };

/** What a visitor's knock came to. */
export type Knock =
  | { ok: true; guest: Guest }
  | {
    ok: false;
    /** "name": the name cannot be used (ask again); "full" or "closed": nobody can knock now. */
    reason: "name" | "full" | "closed";
    message: string;
  };

/** Limits the two helpers need: `maxParticipants` from the config, `now` for the window. */
export interface GuestLimits {
  maxParticipants: number;
  now?: number;
}

/**
 * Adds an invited guest to `appointment` from the professional's form. Every problem is a
 * message on a field: the name, the role, or (on the name) a call that is full, cancelled or
 * over. The caller has already checked that `appointment` is the professional's.
 */
export async function inviteGuest(
  store: Store,
  appointment: Appointment,
  form: NewGuestForm,
  limits: GuestLimits,
): Promise<GuestInvitation> {
  const values = { ...form };
  const errors: Partial<Record<GuestField, string>> = {};
  const name = checkPersonName(form.name ?? "");
  if (!name.ok) errors.name = name.error;
  const role = checkGuestRole(form.role ?? "");
  if (!role.ok) errors.role = role.error;
  if (!name.ok || !role.ok) return { ok: false, errors, values };

  const phase = clientPhase(appointment, limits.now ?? Date.now());
  if (phase === "cancelled" || phase === "finished") {
    return {
      ok: false,
      errors: { name: t(phase === "cancelled" ? "guests.cancelled" : "guests.over") },
      values,
    };
  }
  try {
    const guest = await store.addGuest(
      { appointmentId: appointment.id, name: name.value, role: role.value, origin: "invited" },
      limits.maxParticipants,
    );
    return { ok: true, guest };
  } catch (err) {
    if (!(err instanceof ParticipantLimitError)) throw err;
    return { ok: false, errors: { name: fullForProfessional(appointment, err.limit) }, values };
  }
}

/**
 * A visitor's knock on an instant call: adds them as a guest of origin "visitor" (a pending
 * knock, holding a seat until let in or declined). The caller has resolved the share session.
 */
export async function addVisitor(
  store: Store,
  appointment: Appointment,
  rawName: string,
  limits: GuestLimits,
): Promise<Knock> {
  const name = checkPersonName(rawName ?? "");
  if (!name.ok) return { ok: false, reason: "name", message: name.error };
  if (clientPhase(appointment, limits.now ?? Date.now()) !== "open") {
    return { ok: false, reason: "closed", message: t("knock.ended") };
  }
  try {
    const guest = await store.addGuest(
      { appointmentId: appointment.id, name: name.value, role: VISITOR_ROLE, origin: "visitor" },
      limits.maxParticipants,
    );
    return { ok: true, guest };
  } catch (err) {
    if (!(err instanceof ParticipantLimitError)) throw err;
    return {
      ok: false,
      reason: "full",
      message: t("knock.full", { limit: err.limit }),
    };
  }
}

function fullForProfessional(appointment: Appointment, limit: number): string {
  return appointment.kind === "scheduled"
    ? t("guests.fullScheduled", { limit, client: appointmentTitle(appointment) })
    : t("guests.fullInstant", { limit });
}
