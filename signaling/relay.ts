/**
 * What a seated socket's call messages do: each is relayed to the others in its room, or held for
 * one not connected yet, with the room's bookkeeping (media, the client's waiting offer, the
 * answer) and the status the dashboards see. A hang-up completes the appointment.
 */
import type { Socket } from "./hub_socket.ts";
import type { LiveStatus } from "./live_status.ts";
import type { HubCounters } from "./hub_counters.ts";
import { encode, type HangupMessage, type RelayedMessage } from "./protocol.ts";
import type { Room } from "./room.ts";

/** Relays the call messages of seated sockets. */
export class Relay {
  readonly #status: LiveStatus<Socket>;
  readonly #counters: HubCounters;

  constructor(status: LiveStatus<Socket>, counters: HubCounters) {
    this.#status = status;
    this.#counters = counters;
  }

  /** Passes `msg` from `s`, seated in `room`, on to the others; SDP goes through untouched. */
  relay(s: Socket, room: Room<Socket>, msg: Exclude<RelayedMessage, HangupMessage>): void {
    const id = s.participantId;
    if (msg.type === "media") room.setMedia(id, msg);
    if (msg.type === "offer") room.noteOffer(id);
    const text = encode(msg);
    for (const to of room.othersOf(id)) {
      const peer = room.socketOf(to);
      if (peer) {
        peer.send(text);
        this.#counters.relayed();
      } else if (!room.hold(id, to, msg, text)) {
        this.#counters.rejected("buffer_full");
        s.send({
          type: "error",
          code: "buffer_full",
          message: "too many messages (or bytes) held for peer",
        });
      }
    }
    if (msg.type === "answer") {
      room.noteAnswer();
      this.#status.reconcile(room, s.role, "answer relayed");
    } else if (s.role === "client" && (msg.type === "offer" || msg.type === "media")) {
      this.#status.broadcast(room);
    }
  }

  /** `s` hung up: the others are told, and the appointment is completed. */
  hangUp(s: Socket, room: Room<Socket>): void {
    const id = s.participantId;
    for (const to of room.othersOf(id)) {
      const peer = room.socketOf(to);
      if (!peer) continue;
      peer.send({ type: "hangup" } satisfies RelayedMessage);
      this.#counters.relayed();
    }
    room.hangUp();
    this.#status.set(room, "completed", s.role, `hung up by ${id}`);
  }
}
