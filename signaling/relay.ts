/**
 * What a seated socket's call messages do: an offer, answer or candidate goes to the one
 * participant it is addressed to (`to`), with the sender's id set by the server (`from`), or is
 * held for them if they are not connected; a media state goes into the roster everyone gets. With
 * the room's bookkeeping (the client's waiting offer, the answer) and the status the dashboards
 * see.
 */
import type { Socket } from "./hub_socket.ts";
import type { LiveStatus } from "./live_status.ts";
import type { HubCounters } from "./hub_counters.ts";
import {
  type AddressedMessage,
  encode,
  type MediaMessage,
  type RelayedMessage,
} from "./protocol.ts";
import type { Room } from "./room.ts";

/** Relays the call messages of seated sockets. */
export class Relay {
  readonly #status: LiveStatus<Socket>;
  readonly #counters: HubCounters;
  readonly #rosterChanged: (room: Room<Socket>) => void;

  constructor(
    status: LiveStatus<Socket>,
    counters: HubCounters,
    rosterChanged: (room: Room<Socket>) => void,
  ) {
    this.#status = status;
    this.#counters = counters;
    this.#rosterChanged = rosterChanged;
  }

  /**
   * Passes `msg` from `s`, seated in `room`, on to `msg.to` alone; SDP goes through untouched.
   * Addressed to itself or to nobody the room knows: a non-fatal `error` `unknown_participant`.
   * Between two participants neither of whom is the professional, while the professional has not
   * been in the room yet, it is held (see {@linkcode Room.mayDeliver}): clients and guests meet
   * only once the professional is in, but their negotiation is ready to go the moment they are.
   */
  relay(s: Socket, room: Room<Socket>, msg: AddressedMessage): void {
    const from = s.participantId;
    const to = msg.to;
    if (to === from || !room.knows(to)) {
      this.#counters.rejected("unknown_participant");
      return s.send({
        type: "error",
        code: "unknown_participant",
        message: "no such participant in this call",
      });
    }
    const out: RelayedMessage = msg.type === "ice"
      ? { type: "ice", from, candidate: msg.candidate }
      : { type: msg.type, from, sdp: msg.sdp };
    const text = encode(out);
    const peer = room.mayDeliver(from, to) ? room.socketOf(to) : undefined;
    if (peer) {
      peer.send(text);
      this.#counters.relayed();
    } else if (!room.hold(from, to, out, text)) {
      this.#counters.rejected("buffer_full");
      s.send({
        type: "error",
        code: "buffer_full",
        message: "too many messages (or bytes) held for peer",
      });
    }
    if (msg.type === "offer") room.noteOffer(from, to);
    if (msg.type === "answer" && room.noteAnswer(from, to)) {
      this.#status.reconcile(room, s.role, "answer relayed");
    } else if (from === "client" && msg.type === "offer") {
      this.#status.broadcast(room);
    }
  }

  /** `s` says whether its microphone and camera are on: the roster changes for everyone. */
  media(s: Socket, room: Room<Socket>, msg: MediaMessage): void {
    room.setMedia(s.participantId, msg);
    this.#rosterChanged(room);
    if (s.role === "client") this.#status.broadcast(room);
  }
}
