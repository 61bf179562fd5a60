/**
 * Adding guests, as the routes will: the professional's "add a guest" form (name and role) and
 * a visitor's knock on an instant call (a name). Both validate the name like a client's
 * (`checkPersonName`) and turn a full call into plain words. Who holds a seat and how a guest
 * gets in: participants.ts.
 */

import { appointmentTitle, clientPhase } from "./appointments.ts";
import { checkPersonName } from "./names.ts";
import {
  type Appointment,
  type Guest,
  GUEST_ROLES,
  type GuestRole,
  ParticipantLimitError,
  type Store,
} from "./store.ts";

/** Words for each role, as people read them: "Maria (Interpreter) is waiting". */
export const GUEST_ROLE_LABELS: Record<GuestRole, string> = {
  interpreter: "Interpreter",
  family: "Family member",
  colleague: "Colleague",
  other: "Guest",
};

/** The "add a guest" form as posted (every field a string). */
export interface NewGuestForm {
  name: string;
  /** One of {@linkcode GUEST_ROLES}. */
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
  const role = GUEST_ROLES.find((r) => r === form.role);
  if (!role) errors.role = "Please choose who the guest is.";
  if (!name.ok || !role) return { ok: false, errors, values };

  const phase = clientPhase(appointment, limits.now ?? Date.now());
  if (phase === "cancelled" || phase === "finished") {
    const what = phase === "cancelled" ? "was cancelled" : "is over";
    return {
      ok: false,
      errors: { name: `This appointment ${what}, so no guest can be added.` },
      values,
    };
  }
  try {
    const guest = await store.addGuest(
      { appointmentId: appointment.id, name: name.value, role, origin: "invited" },
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
    return { ok: false, reason: "closed", message: "This call has ended." };
  }
  try {
    const guest = await store.addGuest(
      { appointmentId: appointment.id, name: name.value, role: "other", origin: "visitor" },
      limits.maxParticipants,
    );
    return { ok: true, guest };
  } catch (err) {
    if (!(err instanceof ParticipantLimitError)) throw err;
    return {
      ok: false,
      reason: "full",
      message: `This call is full: it already has ${err.limit} people, the most it can hold. ` +
        "Please ask the person who sent you the link.",
    };
  }
}

function fullForProfessional(appointment: Appointment, limit: number): string {
  const who = appointment.kind === "scheduled"
    ? `you, ${appointmentTitle(appointment)} and the guests`
    : "you and the guests";
  return `This call already has ${limit} people (${who}), the most it can hold. ` +
    "Remove a guest first to add another.";
}
