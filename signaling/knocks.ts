/**
 * Knocking: an instant call's visitor asks to be let in. Their socket is admitted but not seated
 * (state `knocking`); the professional's call sockets (seated or standby) get `knocks`, the list
 * of everyone knocking, whenever it changes; the professional answers `admit` (seated, and
 * `Store.admitGuest` so they are let in again automatically next time) or `decline`
 * (`Store.removeGuest(…, "declined")` and their sockets closed with 4008). Who knocks lives only
 * in the sockets' states: nothing else to keep in step.
 */
import type { Store } from "../domain/store.ts";
import type { HubCounters } from "./hub_counters.ts";
import type { Socket } from "./hub_socket.ts";
import {
  type AdmitMessage,
  CloseCode,
  CloseReason,
  type DeclineMessage,
  type Knocker,
} from "./protocol.ts";
import type { Seating } from "./seating.ts";
import type { SocketRegistry } from "./socket_registry.ts";

/** What {@linkcode Knocks} needs from the hub. */
export interface KnocksOptions {
  store: Store;
  sockets: SocketRegistry;
  seating: Seating;
  counters: HubCounters;
  /** Closes `s` with `code` (it has no seat, so nobody else is told). */
  close(s: Socket, code: number, reason: string): void;
}

/** The hub's knocking sockets and the professional's answers to them. */
export class Knocks {
  readonly #options: KnocksOptions;

  constructor(options: KnocksOptions) {
    this.#options = options;
  }

  /** Who knocks at `appointmentId` now, oldest first, one entry per participant. */
  knocking(appointmentId: string): Knocker[] {
    const out = new Map<string, Knocker>();
    for (const s of this.#knockingSockets(appointmentId)) {
      out.set(s.participantId, { id: s.participantId, role: s.role, name: s.knock!.name });
    }
    return [...out.values()];
  }

  /** `s` was admitted as knocking: it hears so, and the professional is asked. */
  started(s: Socket): void {
    s.send({ type: "knocking" });
    this.tellProfessional(s.participant.appointmentId!);
  }

  /**
   * Sends the knock list to the professional's call sockets of `appointmentId`, or only to the
   * newly admitted `only` (and then only if someone knocks: an empty list is news only as a change).
   */
  tellProfessional(appointmentId: string, only?: Socket): void {
    const msg = { type: "knocks", knocking: this.knocking(appointmentId) } as const;
    if (only) {
      if (msg.knocking.length > 0) only.send(msg);
      return;
    }
    for (const s of this.#options.sockets.ofAppointment(appointmentId)) {
      if (s.role === "pro" && s.open && s.state.kind !== "admitting") s.send(msg);
    }
  }

  /** The professional's `s` sent `admit` or `decline`. */
  async answer(s: Socket, msg: AdmitMessage | DeclineMessage): Promise<void> {
    const { store, counters, seating, close } = this.#options;
    const appointmentId = s.participant.appointmentId;
    if (s.role !== "pro" || appointmentId === null) {
      counters.rejected("not_allowed");
      return s.send({
        type: "error",
        code: "not_allowed",
        message: "only the professional in the call can let people in",
      });
    }
    const knockers = this.#knockingSockets(appointmentId).filter((k) => k.participantId === msg.id);
    const first = knockers[0];
    if (!first || first.participant.role !== "guest") {
      counters.rejected("unknown_participant");
      return s.send({
        type: "error",
        code: "unknown_participant",
        message: `${msg.id} is not knocking`,
      });
    }
    const guestId = first.participant.guestId;
    try {
      if (msg.type === "admit") await store.admitGuest(appointmentId, guestId, "professional");
      else await store.removeGuest(appointmentId, guestId, "professional", "declined");
    } catch (err) {
      counters.storeFailed(msg.type === "admit" ? "admitGuest" : "removeGuest", appointmentId, err);
      return s.send({
        type: "error",
        code: `${msg.type}_failed`,
        message: "that did not work; please try again",
      });
    }
    // The sockets knocking now (one may have gone, or another tab arrived, during the write).
    for (const k of this.#knockingSockets(appointmentId)) {
      if (k.participantId !== msg.id) continue;
      const knock = k.knock!;
      if (msg.type === "admit") {
        seating.seat(k, knock.appointment, knock.name, knock.professionalName, knock.label);
      } else close(k, CloseCode.DECLINED, CloseReason.DECLINED);
    }
    this.tellProfessional(appointmentId);
  }

  #knockingSockets(appointmentId: string): Socket[] {
    return this.#options.sockets.ofAppointment(appointmentId).filter((k) => k.knock !== null);
  }
}
