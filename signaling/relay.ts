/**
 * What a seated socket's call messages do: each is relayed to the others in its room, or held for
 * one not connected yet, with the room's bookkeeping (media, the client's waiting offer, the
 * answer) and the status the dashboards see.
 */
import type { Socket } from "./hub_socket.ts";
import type { LiveStatus } from "./live_status.ts";
import type { HubCounters } from "./hub_counters.ts";
import { encode, type RelayedMessage } from "./protocol.ts";
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
  relay(s: Socket, room: Room<Socket>, msg: RelayedMessage): void {
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
}
