/**
 * Messages held for a participant not connected yet (the seed's getIce), as plain data: part of a
 * room's shared state, so it can be stored outside the process.
 */
import { type RelayedMessage, utf8Length } from "./protocol.ts";
import type { ParticipantId } from "./room_state.ts";

/** A message held for `to` until it connects; `text` is the frame as it will be relayed. */
export interface HeldMessage {
  from: ParticipantId;
  to: ParticipantId;
  type: RelayedMessage["type"];
  text: string;
  bytes: number;
}

/** What a room holds, oldest first, and its UTF-8 bytes together. */
export interface HeldMessages {
  list: HeldMessage[];
  bytes: number;
}

/** How much a room may hold for absent participants. */
export interface HoldCapacity {
  messages: number;
  /** UTF-8 bytes of the held messages together. */
  bytes: number;
}

/**
 * Where a room's held messages are kept besides the room (with `REDIS_URL`: in Redis, so they
 * outlive the instance holding the room). Rooms without one keep them in memory only.
 */
export interface HeldMirror {
  /** What was held for `appointmentId` before its room opened here, if anything. */
  restore(appointmentId: string): HeldMessages | undefined;
  /** The room's held messages changed (`held` is the room's own: copy what is kept). */
  changed(appointmentId: string, held: HeldMessages): void;
}

/** Nothing held. */
export function noHeldMessages(): HeldMessages {
  return { list: [], bytes: 0 };
}

/**
 * Holds `msg` (already encoded as `text`) from `from` until `to` connects. A newer offer replaces
 * the sender's older offer and candidates to `to`, which belong to a dead negotiation. Returns false, holding nothing, when `held` is full: by
 * count or by bytes.
 */
export function hold(
  held: HeldMessages,
  capacity: HoldCapacity,
  from: ParticipantId,
  to: ParticipantId,
  msg: RelayedMessage,
  text: string,
): boolean {
  const sameLane = (h: HeldMessage) => h.from === from && h.to === to;
  if (msg.type === "offer") {
    keep(held, (h) => !sameLane(h) || (h.type !== "offer" && h.type !== "ice"));
  }
  const bytes = utf8Length(text);
  if (held.list.length >= capacity.messages || held.bytes + bytes > capacity.bytes) return false;
  held.list.push({ from, to, type: msg.type, text, bytes });
  held.bytes += bytes;
  return true;
}

/** The frames held for `to` (from whoever `from` accepts), in order, left held. */
export function framesFor(
  held: HeldMessages,
  to: ParticipantId,
  from: (id: ParticipantId) => boolean = () => true,
): string[] {
  return held.list.filter((h) => h.to === to && from(h.from)).map((h) => h.text);
}

/** Removes and returns, in order, the frames held for `to` (from whoever `from` accepts). */
export function takeFor(
  held: HeldMessages,
  to: ParticipantId,
  from: (id: ParticipantId) => boolean = () => true,
): string[] {
  const out = framesFor(held, to, from);
  keep(held, (h) => h.to !== to || !from(h.from));
  return out;
}

/** Keeps only the held messages `wanted` accepts. */
export function keep(held: HeldMessages, wanted: (h: HeldMessage) => boolean): void {
  held.list = held.list.filter(wanted);
  held.bytes = held.list.reduce((sum, h) => sum + h.bytes, 0);
}
