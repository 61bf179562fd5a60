/** Whether a call socket may take its seat in an appointment's call. */
import type { Appointment } from "../domain/store.ts";
import type { RejectReason } from "./metrics.ts";
import { CloseCode, CloseReason } from "./protocol.ts";

/** The appointment a call socket may sit in, or how it is turned away. */
export type Admission =
  | { ok: true; appointment: Appointment }
  | { ok: false; code: number; reason: string; counted?: RejectReason };

/**
 * Checks a call socket of `professionalId` (for a client: the professional of its signed link)
 * against `appointment`: it must exist, be theirs, and not be cancelled.
 */
export function admitToCall(appointment: Appointment | null, professionalId: string): Admission {
  if (!appointment) {
    return {
      ok: false,
      code: CloseCode.POLICY,
      reason: CloseReason.NOT_FOUND,
      counted: "forbidden",
    };
  }
  if (appointment.professionalId !== professionalId) {
    return {
      ok: false,
      code: CloseCode.POLICY,
      reason: CloseReason.FORBIDDEN,
      counted: "forbidden",
    };
  }
  if (appointment.status === "cancelled") {
    return { ok: false, code: CloseCode.ENDED, reason: CloseReason.ENDED };
  }
  return { ok: true, appointment };
}
