/**
 * What instances say to each other over Redis pub/sub. Each instance listens on its own inbox
 * channel ({@linkcode inboxOf}); commands every instance applies go to {@linkcode BROADCAST}.
 *
 * Frames of a socket are the hot path, so they travel as `I`/`O` + the socket's 36-character id +
 * the frame's text as is (no JSON around JSON); everything else is `J` + JSON. Redis delivers the
 * messages one connection publishes to one channel in order, and each instance publishes on one
 * connection: what a socket sends reaches the instance holding its call in the order it was sent,
 * and the way back too.
 */
import type { Participant } from "../hub_socket.ts";
import type { EndReason } from "../hub.ts";
import type { AppointmentStatus } from "../../domain/store.ts";

/** Every key and channel starts with this, so one Redis may serve other things too. */
export const PREFIX = "fd:";

/** The channel every instance listens on for {@linkcode Command}s. */
export const BROADCAST = `${PREFIX}all`;

/** The inbox channel of instance `id`. */
export function inboxOf(id: string): string {
  return `${PREFIX}inst:${id}`;
}

/** The key that says instance `id` is alive (expires without its heartbeat). */
export function aliveKeyOf(id: string): string {
  return `${PREFIX}alive:${id}`;
}

/** The key naming the instance that holds `professionalId`'s calls and dashboards. */
export function ownerKeyOf(professionalId: string): string {
  return `${PREFIX}owner:${professionalId}`;
}

/** A route's change that the instance holding the call must apply (see `Hub`'s methods). */
export type Command =
  | { name: "revokeLink"; appointmentId: string; version: number }
  | { name: "revokeGuest"; appointmentId: string; guestId: string; version?: number }
  | { name: "signOutEverywhere"; professionalId: string; version: number }
  | {
    name: "endAppointment";
    appointmentId: string;
    reason: EndReason;
    status?: AppointmentStatus;
  };

/** One message between instances. `sid` names a socket; `from` the sending instance. */
export type Wire =
  /** Proxy → holder: a socket arrived at `from` for a call held here. */
  | { k: "open"; sid: string; from: string; participant: Participant; version: number | null }
  /** Proxy → holder: a text frame. */
  | { k: "in"; sid: string; text: string }
  /** Proxy → holder: a binary frame, or one over the size limit (the transport refused it). */
  | { k: "binary" | "too_big"; sid: string }
  /** Proxy → holder: the socket closed. */
  | { k: "gone"; sid: string }
  /** Holder → proxy: send this text frame. */
  | { k: "out"; sid: string; text: string }
  /** Holder → proxy: close the socket with `code`. */
  | { k: "close"; sid: string; code: number; reason: string }
  /** Anyone → everyone: apply `cmd` to the local hub. */
  | { k: "cmd"; from: string; cmd: Command };

const SID_LENGTH = 36;

/** Encodes `msg` for {@linkcode decodeWire}. */
export function encodeWire(msg: Wire): string {
  if (msg.k === "in") return "I" + msg.sid + msg.text;
  if (msg.k === "out") return "O" + msg.sid + msg.text;
  return "J" + JSON.stringify(msg);
}

/** Decodes what {@linkcode encodeWire} made; null for anything else. */
export function decodeWire(raw: string): Wire | null {
  const kind = raw[0];
  if (kind === "I" || kind === "O") {
    if (raw.length < 1 + SID_LENGTH) return null;
    const sid = raw.slice(1, 1 + SID_LENGTH);
    const text = raw.slice(1 + SID_LENGTH);
    return kind === "I" ? { k: "in", sid, text } : { k: "out", sid, text };
  }
  if (kind !== "J") return null;
  try {
    const msg = JSON.parse(raw.slice(1));
    return typeof msg?.k === "string" ? msg as Wire : null;
  } catch {
    return null;
  }
}

/** A new socket id (a UUID: {@linkcode SID_LENGTH} characters). */
export function newSid(): string {
  return crypto.randomUUID();
}
