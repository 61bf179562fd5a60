/**
 * The professional's short note to someone waiting ("Running five minutes late", `note` in
 * protocol.ts): checked, then written to the waiting participant's sockets and forgotten. It is
 * never stored, held for later or logged — its text goes nowhere but those sockets; refusals
 * carry no text either.
 */
import type { HubCounters } from "./hub_counters.ts";
import type { Socket } from "./hub_socket.ts";
import type { NoteMessage } from "./protocol.ts";

/** What {@linkcode relayNote} needs from the hub. */
export interface NoteOptions {
  counters: HubCounters;
  /** The sockets of `appointmentId` in this process. */
  socketsOf(appointmentId: string): Socket[];
}

/** The professional's `s` sent `note`. */
export function relayNote(s: Socket, msg: NoteMessage, opts: NoteOptions): void {
  const own = s.participant.appointmentId;
  if (s.role !== "pro" || (own !== null && (msg.appointmentId ?? own) !== own)) {
    opts.counters.rejected("not_allowed");
    return s.send({
      type: "error",
      code: "not_allowed",
      message: "only the professional of this appointment can send a note",
    });
  }
  // A dashboard says which appointment; a call socket's is its own.
  const appointmentId = own ?? msg.appointmentId;
  if (appointmentId === undefined) {
    opts.counters.rejected("no_room");
    return s.send({ type: "error", code: "no_room", message: "which appointment?" });
  }
  const targets = opts.socketsOf(appointmentId).filter((t) =>
    t.participant.professionalId === s.participant.professionalId &&
    t.participantId === msg.to && t.open && t.room !== null &&
    t.room.isPresent(msg.to) && !t.room.isPresent("pro")
  );
  if (msg.to === "pro" || targets.length === 0) {
    opts.counters.rejected("unknown_participant");
    return s.send({
      type: "error",
      code: "not_waiting",
      message: `nobody waits as ${msg.to} in this appointment now`,
    });
  }
  for (const t of targets) t.send({ type: "note", from: "pro", text: msg.text });
}
