/**
 * Knocking: an instant call's visitor asks to be let in. Their socket is admitted but not seated
 * (state `knocking`); the professional's call sockets (seated or standby) and dashboards get
 * `knocks`, the list of everyone knocking, whenever it changes; the professional answers, from
 * the call or the dashboard, `admit` (seated, and
 * `Store.admitGuest` so they are let in again automatically next time) or `decline`
 * (`Store.removeGuest(…, "declined")` and their sockets closed with 4008). Who knocks lives only
 * in the sockets' states: nothing else to keep in step.
 */
import type { Store } from "../domain/store.ts";
import type { Dashboards } from "./dashboards.ts";
import type { HubCounters } from "./hub_counters.ts";
import type { Socket } from "./hub_socket.ts";
import {
  type AdmitMessage,
  CloseCode,
  CloseReason,
  type DeclineMessage,
  encode,
  type Knocker,
  type KnocksMessage,
} from "./protocol.ts";
import type { Seating } from "./seating.ts";
import type { SocketRegistry } from "./socket_registry.ts";

/** What {@linkcode Knocks} needs from the hub. */
export interface KnocksOptions {
  store: Store;
  sockets: SocketRegistry;
  seating: Seating;
  counters: HubCounters;
  /** The professionals' dashboard sockets, which show the knocks too. */
  dashboards: Dashboards<Socket>;
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
      const { name, since } = s.knock!;
      out.set(s.participantId, { id: s.participantId, role: s.role, name, since });
    }
    return [...out.values()];
  }

  /** `s` was admitted as knocking: it hears so, and the professional is asked. */
  started(s: Socket): void {
    s.send({ type: "knocking" });
    this.tellProfessional(s.participant.appointmentId!, s.participant.professionalId);
  }

  /**
   * Sends the knock list of `appointmentId` to its professional's call sockets and dashboards, or
   * only to the newly admitted call socket `only` (and then only if someone knocks: an empty list
   * is news only as a change).
   */
  tellProfessional(appointmentId: string, professionalId: string, only?: Socket): void {
    const msg: KnocksMessage = {
      type: "knocks",
      appointmentId,
      knocking: this.knocking(appointmentId),
    };
    if (only) {
      if (msg.knocking.length > 0) only.send(msg);
      return;
    }
    for (const s of this.#options.sockets.ofAppointment(appointmentId)) {
      if (s.role === "pro" && s.open && s.state.kind !== "admitting") s.send(msg);
    }
    this.#options.dashboards.send(professionalId, encode(msg));
  }

  /** A dashboard socket of `professionalId` opened: it hears who knocks at each appointment. */
  tellDashboard(professionalId: string, dashboard: Socket): void {
    const appointments = new Set<string>();
    for (const k of this.#options.sockets.admitted()) {
      if (k.knock && k.participant.professionalId === professionalId) {
        appointments.add(k.participant.appointmentId!);
      }
    }
    for (const appointmentId of appointments) {
      dashboard.send({ type: "knocks", appointmentId, knocking: this.knocking(appointmentId) });
    }
  }

  /** The professional's `s` sent `admit` or `decline`. */
  async answer(s: Socket, msg: AdmitMessage | DeclineMessage): Promise<void> {
    const { store, counters, seating, close } = this.#options;
    const own = s.participant.appointmentId;
    if (s.role !== "pro" || (own !== null && (msg.appointmentId ?? own) !== own)) {
      counters.rejected("not_allowed");
      return s.send({
        type: "error",
        code: "not_allowed",
        message: "only the professional of this call can let people in",
      });
    }
    // A dashboard says which appointment; a call socket's is its own.
    const appointmentId = own ?? msg.appointmentId;
    if (appointmentId === undefined) {
      counters.rejected("no_room");
      return s.send({ type: "error", code: "no_room", message: "which appointment?" });
    }
    // Only this professional's knockers: another's appointment has none to find.
    const knockers = this.#knockingSockets(appointmentId).filter((k) =>
      k.participantId === msg.id && k.participant.professionalId === s.participant.professionalId
    );
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
    this.tellProfessional(appointmentId, s.participant.professionalId);
  }

  #knockingSockets(appointmentId: string): Socket[] {
    return this.#options.sockets.ofAppointment(appointmentId).filter((k) => k.knock !== null);
  }
}
