/**
 * The signaling protocol: every message that crosses the signaling WebSocket,
 * as valibot schemas with their inferred types.
 *
 * Imported by both the server and the browser, so this module must stay free
 * of Deno and Node APIs.
 *
 * @example
 * ```ts
 * const parsed = parseClientMessage(text);
 * if (!parsed.ok) socket.close(parsed.code, parsed.reason);
 * else if (parsed.msg.type === "offer") relay(encode(parsed.msg));
 * ```
 */

import * as v from "valibot";
import { APPOINTMENT_STATUSES, type AppointmentStatus } from "../domain/store.ts";

/** Largest accepted message, in UTF-8 bytes; larger ones close the socket with 1009. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Largest accepted SDP string, in characters. */
export const MAX_SDP_LENGTH = 60 * 1024;
/** Largest accepted ICE candidate line, in characters. */
export const MAX_CANDIDATE_LENGTH = 1024;
/** Largest accepted short identifier (sdpMid, ufrag, ping id). */
export const MAX_TOKEN_LENGTH = 256;
/** The server closes sockets silent for longer than this; browsers ping more often. */
export const HEARTBEAT_TIMEOUT_MS = 45_000;
/** How often a browser should send `ping` to keep its socket alive. */
export const PING_INTERVAL_MS = 15_000;

/** WebSocket close codes used by the signaling server. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  INVALID_JSON: 1007,
  POLICY: 1008,
  TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  /** A newer socket for the same participant took over; do not reconnect. */
  REPLACED: 4001,
  /**
   * The appointment is over: the professional ended it for everyone, or its window closed (the
   * reason says which); do not reconnect.
   */
  ENDED: 4002,
  /** No message for {@linkcode HEARTBEAT_TIMEOUT_MS}; reconnecting is fine. */
  TIMEOUT: 4003,
  /** The professional withdrew the link this session came from; do not reconnect. */
  REVOKED: 4004,
  /** The professional cancelled the appointment; do not reconnect. */
  CANCELLED: 4005,
} as const;

/** Close reasons sent with the codes above (each well under the 123-byte limit). */
export const CloseReason = {
  TOO_BIG: "message too big",
  INVALID_JSON: "invalid JSON",
  INVALID_MESSAGE: "invalid message",
  BINARY: "binary frames are not supported",
  RATE_LIMIT: "rate limit",
  EXPIRED: "session expired",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "unknown appointment",
  REPLACED: "replaced by a newer connection",
  ENDED: "appointment ended",
  /** With 4002: the professional sent `end`. */
  ENDED_FOR_EVERYONE: "ended for everyone",
  /** With 4002: the appointment's join window closed while the room was open. */
  WINDOW_CLOSED: "appointment time is over",
  /** With 1000, after `leave`. */
  LEFT: "left",
  NOT_OPEN_YET: "appointment not open yet",
  REVOKED: "link withdrawn",
  CANCELLED: "appointment cancelled",
  TOO_MANY_SOCKETS: "too many connections for this session",
  TIMEOUT: "heartbeat timeout",
  INTERNAL: "internal error",
  SHUTDOWN: "server shutting down",
} as const;

const Sdp = v.pipe(v.string(), v.maxLength(MAX_SDP_LENGTH));
const Token = v.pipe(v.string(), v.maxLength(MAX_TOKEN_LENGTH));

/** Fields of `RTCIceCandidateInit` (what `RTCIceCandidate.toJSON()` gives). */
export const IceCandidateSchema = v.strictObject({
  candidate: v.pipe(v.string(), v.maxLength(MAX_CANDIDATE_LENGTH)),
  sdpMid: v.optional(v.nullable(Token)),
  sdpMLineIndex: v.optional(
    v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
  ),
  usernameFragment: v.optional(v.nullable(Token)),
});

/** Whether a side's microphone and camera are on. */
export const MediaStateSchema = v.strictObject({ audio: v.boolean(), video: v.boolean() });

/** A session description offer; renegotiation offers come from either side. */
export const OfferSchema = v.strictObject({ type: v.literal("offer"), sdp: Sdp });
/** A session description answer. */
export const AnswerSchema = v.strictObject({ type: v.literal("answer"), sdp: Sdp });
/** One trickled ICE candidate; `null` means end of candidates. */
export const IceSchema = v.strictObject({
  type: v.literal("ice"),
  candidate: v.nullable(IceCandidateSchema),
});
/** Mute state of the sender. */
export const MediaSchema = v.strictObject({
  type: v.literal("media"),
  audio: v.boolean(),
  video: v.boolean(),
});
/**
 * Frees the sender's seat now (no grace period): the others hear `peer` `left`, the socket is
 * closed with 1000 "left", and the appointment stays open, so the sender may come back.
 */
export const LeaveSchema = v.strictObject({ type: v.literal("leave") });
/**
 * The professional ends the appointment for everyone: once the store says "completed", every call
 * socket of it is closed with 4002 "ended for everyone". From a client it is refused with a
 * non-fatal `error` `not_allowed`; a failed store write gives the professional `error`
 * `end_failed` and the call goes on.
 */
export const EndSchema = v.strictObject({ type: v.literal("end") });
/** App-level heartbeat; the server answers `pong` with the same id. */
export const PingSchema = v.strictObject({
  type: v.literal("ping"),
  id: v.optional(v.union([Token, v.number()])),
});

/**
 * Takes the seat of a professional's standby socket (`/ws?appointment=ID&standby=1`): a socket
 * opened while the client waits, so "Join call" needs no handshake. Refused on any other socket.
 */
export const JoinSchema = v.strictObject({ type: v.literal("join") });

/** Every message a browser may send. */
export const ClientMessageSchema = v.variant("type", [
  OfferSchema,
  AnswerSchema,
  IceSchema,
  MediaSchema,
  LeaveSchema,
  EndSchema,
  PingSchema,
  JoinSchema,
]);

const Status = v.picklist(APPOINTMENT_STATUSES as AppointmentStatus[]);

/** What a socket learns about its appointment on connecting. */
export const AppointmentInfoSchema = v.object({
  id: v.string(),
  startsAt: v.number(),
  durationMin: v.number(),
  status: Status,
  professionalName: v.optional(v.string()),
  /** Only ever sent to the professional. */
  clientName: v.optional(v.string()),
});

/** First message on every socket. `appointment` is null on a dashboard socket. */
export const WelcomeSchema = v.object({
  type: v.literal("welcome"),
  role: v.picklist(["client", "pro"]),
  appointment: v.nullable(AppointmentInfoSchema),
  peer: v.object({ present: v.boolean(), media: v.optional(MediaStateSchema) }),
});
/**
 * The other party joined (negotiate afresh), is away (its socket dropped; its seat is kept for
 * the grace period, it may be back any moment) or left (it sent `leave`, or the grace ran out).
 */
export const PeerSchema = v.object({
  type: v.literal("peer"),
  state: v.picklist(["joined", "away", "left"]),
});
/** Live appointment status for the professional's dashboard sockets. */
export const StatusSchema = v.object({
  type: v.literal("status"),
  appointmentId: v.string(),
  status: Status,
  clientPresent: v.boolean(),
  clientMedia: v.optional(MediaStateSchema),
  /** The client sent an offer nobody has answered yet (the seed's "newOfferWaiting"). */
  offerWaiting: v.optional(v.boolean()),
  /** Epoch milliseconds. */
  at: v.number(),
});
/** Answer to `ping`. */
export const PongSchema = v.object({
  type: v.literal("pong"),
  id: v.optional(v.union([v.string(), v.number()])),
});
/** A non-fatal problem with a message (fatal ones close the socket instead). */
export const ErrorSchema = v.object({
  type: v.literal("error"),
  code: v.string(),
  message: v.string(),
});

/** Every message the server may send. */
export const ServerMessageSchema = v.variant("type", [
  WelcomeSchema,
  OfferSchema,
  AnswerSchema,
  IceSchema,
  MediaSchema,
  PeerSchema,
  StatusSchema,
  PongSchema,
  ErrorSchema,
]);

export type IceCandidate = v.InferOutput<typeof IceCandidateSchema>;
export type MediaState = v.InferOutput<typeof MediaStateSchema>;
export type OfferMessage = v.InferOutput<typeof OfferSchema>;
export type AnswerMessage = v.InferOutput<typeof AnswerSchema>;
export type IceMessage = v.InferOutput<typeof IceSchema>;
export type MediaMessage = v.InferOutput<typeof MediaSchema>;
export type LeaveMessage = v.InferOutput<typeof LeaveSchema>;
export type EndMessage = v.InferOutput<typeof EndSchema>;
export type PingMessage = v.InferOutput<typeof PingSchema>;
export type JoinMessage = v.InferOutput<typeof JoinSchema>;
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;
/** Client messages the server passes on to the other party. */
export type RelayedMessage = OfferMessage | AnswerMessage | IceMessage | MediaMessage;
export type AppointmentInfo = v.InferOutput<typeof AppointmentInfoSchema>;
export type WelcomeMessage = v.InferOutput<typeof WelcomeSchema>;
export type PeerMessage = v.InferOutput<typeof PeerSchema>;
export type StatusMessage = v.InferOutput<typeof StatusSchema>;
export type PongMessage = v.InferOutput<typeof PongSchema>;
export type ErrorMessage = v.InferOutput<typeof ErrorSchema>;
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;

/** Result of {@linkcode parseClientMessage}. */
export type ParseResult<T> =
  | { ok: true; msg: T }
  | { ok: false; code: typeof CloseCode.INVALID_JSON | typeof CloseCode.POLICY; reason: string };

function parseWith<T>(
  schema: v.GenericSchema<unknown, T>,
  text: string,
): ParseResult<T> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, code: CloseCode.INVALID_JSON, reason: CloseReason.INVALID_JSON };
  }
  const result = v.safeParse(schema, data);
  if (!result.success) {
    return { ok: false, code: CloseCode.POLICY, reason: CloseReason.INVALID_MESSAGE };
  }
  return { ok: true, msg: result.output };
}

/**
 * Parses one text frame from a browser. Not JSON gives code 1007; JSON that
 * is not a known, valid message gives 1008. Size is checked by the caller
 * (see {@linkcode utf8Length}) before calling this.
 */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  return parseWith(ClientMessageSchema, text);
}

/** Parses one text frame from the server (used by the browser). */
export function parseServerMessage(text: string): ParseResult<ServerMessage> {
  return parseWith(ServerMessageSchema, text);
}

/** Serializes a message for the wire. */
export function encode(msg: ServerMessage | ClientMessage): string {
  return JSON.stringify(msg);
}

/** UTF-8 byte length of `text`, without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Whether `text` exceeds {@linkcode MAX_MESSAGE_BYTES} once UTF-8 encoded. */
export function isTooBig(text: string): boolean {
  if (text.length > MAX_MESSAGE_BYTES) return true;
  if (text.length * 3 <= MAX_MESSAGE_BYTES) return false;
  return utf8Length(text) > MAX_MESSAGE_BYTES;
}
