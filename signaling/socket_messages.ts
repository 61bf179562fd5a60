/**
 * What a socket's text frames do: each is checked (session expiry, rate limit, size, schema) and
 * then handled by where the socket is: kept while its `join` is checked, a ping answered, a `join`
 * seating a standby socket, a `leave`, the professional's `end`, `admit`, `decline`, `remove` or
 * `note`
 * handed to the hub, a call message
 * relayed in its room.
 */
import type { Store } from "../domain/store.ts";
import { readAdmission } from "./admission.ts";
import type { HubCounters } from "./hub_counters.ts";
import type { Socket } from "./hub_socket.ts";
import type { RejectReason } from "./metrics.ts";
import {
  type AdmitMessage,
  type ClientMessage,
  CloseCode,
  CloseReason,
  type DeclineMessage,
  isTooBig,
  type NoteMessage,
  parseClientMessage,
  type RemoveMessage,
} from "./protocol.ts";
import type { Relay } from "./relay.ts";
import type { Seating } from "./seating.ts";

/** What {@linkcode SocketMessages} needs from the hub. */
export interface SocketMessagesOptions {
  store: Store;
  now: () => number;
  counters: HubCounters;
  seating: Seating;
  relay: Relay;
  /** Refuses `s`: counts `reason`, tells it why, closes it with `code`. */
  reject(s: Socket, reason: RejectReason, code: number, text: string): void;
  /** Closes `s` with `code` without telling the others in its room. */
  close(s: Socket, code: number, reason: string): void;
  /** `s` sent `leave`: its seat is given up now and it is closed. */
  leave(s: Socket): void;
  /** The professional's `s` sent `end`: the appointment ends for everyone. */
  end(s: Socket): void;
  /** `s` sent `admit` or `decline` (knocks.ts checks it is the professional's). */
  answerKnock(s: Socket, msg: AdmitMessage | DeclineMessage): void;
  /** `s` sent `remove` (removal.ts checks it is the professional's). */
  remove(s: Socket, msg: RemoveMessage): void;
  /** `s` sent `note` (notes.ts checks it is the professional's, to someone waiting). */
  note(s: Socket, msg: NoteMessage): void;
}

/** Handles the frames of the hub's sockets. */
export class SocketMessages {
  readonly #options: SocketMessagesOptions;

  constructor(options: SocketMessagesOptions) {
    this.#options = options;
  }

  /** A text frame arrived from `s`. */
  receive(s: Socket, text: string): void {
    if (!s.open) return;
    const { now: clock, reject } = this.#options;
    const now = clock();
    s.lastActive = now;
    if (s.participant.expiresAt <= now) {
      return reject(s, "expired", CloseCode.POLICY, CloseReason.EXPIRED);
    }
    if (!s.bucket.take(now)) {
      return reject(s, "rate_limit", CloseCode.POLICY, CloseReason.RATE_LIMIT);
    }
    if (isTooBig(text)) return reject(s, "too_big", CloseCode.TOO_BIG, CloseReason.TOO_BIG);
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      const reason = parsed.code === CloseCode.INVALID_JSON ? "invalid_json" : "invalid_message";
      return reject(s, reason, parsed.code, parsed.reason);
    }
    if (!s.queue(parsed.msg)) this.#handle(s, parsed.msg);
  }

  #handle(s: Socket, msg: ClientMessage): void {
    if (msg.type === "ping") {
      return s.send(msg.id === undefined ? { type: "pong" } : { type: "pong", id: msg.id });
    }
    if (msg.type === "join") return this.#join(s);
    if (msg.type === "leave") return this.#options.leave(s);
    if (msg.type === "end") return this.#end(s);
    if (msg.type === "admit" || msg.type === "decline") return this.#options.answerKnock(s, msg);
    if (msg.type === "remove") return this.#options.remove(s, msg);
    if (msg.type === "note") return this.#options.note(s, msg);
    const room = s.room;
    if (room === null) return this.#noRoom(s);
    if (msg.type === "media") return this.#options.relay.media(s, room, msg);
    this.#options.relay.relay(s, room, msg);
  }

  /** Only the professional ends an appointment, from one of its call sockets (seated or not). */
  #end(s: Socket): void {
    if (s.role !== "pro") {
      this.#options.counters.rejected("not_allowed");
      return s.send({
        type: "error",
        code: "not_allowed",
        message: "only the professional can end the appointment",
      });
    }
    if (s.participant.appointmentId === null) return this.#noRoom(s);
    this.#options.end(s);
  }

  #noRoom(s: Socket): void {
    this.#options.counters.rejected("no_room");
    s.send({ type: "error", code: "no_room", message: "this socket is in no call" });
  }

  /** A standby socket sent `join`; any other socket may not. */
  #join(s: Socket): void {
    if (!s.startJoining()) {
      return this.#options.reject(
        s,
        "invalid_message",
        CloseCode.POLICY,
        CloseReason.INVALID_MESSAGE,
      );
    }
    void this.#seatJoining(s);
  }

  /**
   * Seats a socket that sent `join`. Its appointment is read again (it may have been cancelled
   * while the socket stood by); what it sends meanwhile is handled once it is seated, in order.
   */
  async #seatJoining(s: Socket): Promise<void> {
    const { store, counters, seating, close, now } = this.#options;
    let admission;
    try {
      admission = await readAdmission(store, s.participant, now());
    } catch (err) {
      counters.storeFailed("getAppointment", s.participant.appointmentId ?? "", err);
      return close(s, CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL);
    }
    if (!s.open) return;
    if (!admission.ok) {
      if (admission.counted) counters.rejected(admission.counted);
      return close(s, admission.code, admission.reason);
    }
    const queued = [...s.queued];
    seating.seat(s, admission.appointment, admission.name, admission.professionalName);
    for (const msg of queued) if (s.open) this.#handle(s, msg);
  }
}
