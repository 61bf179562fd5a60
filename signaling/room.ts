/**
 * One appointment's live call state: who is connected, their mute state, and
 * the messages held for a party that is not connected yet (the seed's getIce).
 */

import type { AppointmentStatus } from "../domain/store.ts";
import { type MediaState, type RelayedMessage, utf8Length } from "./protocol.ts";
import type { TokenBucket } from "./rate_limit.ts";

/** The two parties of a call. */
export type Side = "client" | "pro";

/** The other party. */
export function otherSide(side: Side): Side {
  return side === "client" ? "pro" : "client";
}

interface Held {
  from: Side;
  type: RelayedMessage["type"];
  text: string;
  bytes: number;
}

/** How much a room may hold for an absent party. */
export interface RoomCapacity {
  messages: number;
  /** UTF-8 bytes of the held messages together. */
  bytes: number;
}

/** State of one appointment's call; `S` is the hub's socket type. */
export class Room<S> {
  /** The call socket of each side, when connected. */
  readonly members: Partial<Record<Side, S>> = {};
  /** Last mute state each connected side reported. */
  readonly media: Partial<Record<Side, MediaState>> = {};
  /** An answer was relayed since the room opened (the call got going). */
  answered = false;
  /** The client sent an offer nobody has answered yet. */
  offerWaiting = false;
  /** Seats kept for a side whose socket dropped, until its grace timer fires. */
  readonly away: Partial<Record<Side, ReturnType<typeof setTimeout>>> = {};
  #held: Held[] = [];
  #heldBytes = 0;
  readonly #rateLimits: Partial<Record<Side, TokenBucket>> = {};

  constructor(
    readonly appointmentId: string,
    readonly professionalId: string,
    /** Last status the hub wrote or read; the dashboard shows this one. */
    public status: AppointmentStatus,
    private readonly capacity: RoomCapacity,
  ) {}

  /** Messages held right now. */
  get heldCount(): number {
    return this.#held.length;
  }

  /** UTF-8 bytes held right now. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /**
   * The rate limit of `side`'s seat: the first socket's (`offered`), handed to every later
   * socket of that side while the room lasts, so a reconnect loop cannot refill it.
   */
  rateLimit(side: Side, offered: TokenBucket): TokenBucket {
    return this.#rateLimits[side] ??= offered;
  }

  /** Whether no call socket is connected and no seat is kept. */
  get empty(): boolean {
    return this.members.client === undefined && this.members.pro === undefined &&
      this.away.client === undefined && this.away.pro === undefined;
  }

  /**
   * Holds `msg` (already encoded as `text`) from `from` until the other side
   * connects. A newer offer replaces the sender's older offer and candidates,
   * which belong to a dead negotiation; a newer media state replaces the
   * older one. Returns false, holding nothing, when the room is full: by
   * count or by bytes.
   */
  hold(from: Side, msg: RelayedMessage, text: string): boolean {
    if (msg.type === "offer") {
      this.#keep((h) => h.from !== from || (h.type !== "offer" && h.type !== "ice"));
    } else if (msg.type === "media") {
      this.#keep((h) => h.from !== from || h.type !== "media");
    }
    const bytes = utf8Length(text);
    if (
      this.#held.length >= this.capacity.messages ||
      this.#heldBytes + bytes > this.capacity.bytes
    ) return false;
    this.#held.push({ from, type: msg.type, text, bytes });
    this.#heldBytes += bytes;
    return true;
  }

  /** Removes and returns, in order, what was held for `to`. */
  takeFor(to: Side): string[] {
    const from = otherSide(to);
    const out = this.#held.filter((h) => h.from === from).map((h) => h.text);
    this.#keep((h) => h.from !== from);
    return out;
  }

  /** Forgets what `from` sent (it left: its negotiation is dead). */
  dropFrom(from: Side): void {
    this.#keep((h) => h.from !== from);
  }

  /** Forgets everything held (after a hang-up). */
  clear(): void {
    this.#keep(() => false);
  }

  #keep(wanted: (h: Held) => boolean): void {
    this.#held = this.#held.filter(wanted);
    this.#heldBytes = this.#held.reduce((sum, h) => sum + h.bytes, 0);
  }
}

/**
 * The status the appointment should have given who is connected.
 *
 * - "completed" and "cancelled" are final here: only a hang-up completes.
 * - client and professional both in the call after an answer: "in_call";
 * - client connected otherwise: "waiting";
 * - client gone before the call started: back to "scheduled"; gone during a
 *   call: stays "in_call" (interrupted, until it resumes or someone hangs up).
 */
export function nextStatus(
  current: AppointmentStatus,
  clientPresent: boolean,
  proPresent: boolean,
  answered: boolean,
): AppointmentStatus {
  if (current === "completed" || current === "cancelled") return current;
  if (clientPresent) return proPresent && answered ? "in_call" : "waiting";
  return current === "waiting" ? "scheduled" : current;
}
