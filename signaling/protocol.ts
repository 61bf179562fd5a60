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
/**
 * The protocol version this module describes. The browser sends it as `v` on the socket URL
 * (`/ws?role=client&v=2`, see {@linkcode withProtocolVersion}); the server closes a socket of any
 * other version (or none) with 4006.
 */
export const PROTOCOL_VERSION = 2;
/** Name of the socket URL's query parameter carrying the protocol version. */
export const VERSION_PARAM = "v";

/** `url` (absolute or a path) with this protocol version in its query. */
export function withProtocolVersion(url: string): string {
  const u = new URL(url, "http://x");
  u.searchParams.set(VERSION_PARAM, String(PROTOCOL_VERSION));
  return /^[a-z]+:/i.test(url) ? u.href : u.pathname + u.search;
}

/** The protocol version a socket URL asks for; null when it names none (or not a number). */
export function protocolVersionOf(url: string): number | null {
  const raw = new URL(url, "http://x").searchParams.get(VERSION_PARAM);
  if (raw === null || !/^[0-9]{1,4}$/.test(raw)) return null;
  return Number(raw);
}

/** WebSocket close codes used by the signaling server. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  INVALID_JSON: 1007,
  POLICY: 1008,
  TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  /**
   * With `REDIS_URL`: this instance is draining (SIGTERM) or lost its link to the instance that
   * holds the call; reconnect, another instance takes the socket.
   */
  RESTART: 1012,
  /** With `REDIS_URL`: Redis is unreachable and the call is held elsewhere; retry shortly. */
  TRY_AGAIN: 1013,
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
  /** The socket URL asked for another protocol version (or none): the page is out of date. */
  VERSION: 4006,
  /** The call already has `MAX_PARTICIPANTS` people with a seat; do not reconnect. */
  FULL: 4007,
  /** The professional declined this visitor's knock ("Not now"); do not reconnect. */
  DECLINED: 4008,
  /**
   * The professional signed out everywhere: every socket of their sessions until then (dashboards
   * and calls) is closed; do not reconnect (sign in again).
   */
  SIGNED_OUT: 4009,
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
  /** With 1012. */
  RESTART: "server restarting; reconnect",
  /** With 1013. */
  TRY_AGAIN: "signaling unavailable; try again",
  VERSION: "protocol version not supported; reload the page",
  FULL: "the call is full",
  /** With 4008: the professional declined the knock. */
  DECLINED: "not let in",
  /** With 4009. */
  SIGNED_OUT: "signed out everywhere",
} as const;

const Sdp = v.pipe(v.string(), v.maxLength(MAX_SDP_LENGTH));
const Token = v.pipe(v.string(), v.maxLength(MAX_TOKEN_LENGTH));

/**
 * A participant's id in its room: `pro`, `client`, or `guest:<guest id>`. The server gives each
 * socket its id from the session, never from a message.
 */
export const ParticipantIdSchema = v.pipe(
  v.string(),
  v.regex(/^(pro|client|guest:[A-Za-z0-9_-]{1,64})$/),
);
/** A participant's role. */
export const RoleSchema = v.picklist(["client", "pro", "guest"]);

/** Fields of `RTCIceCandidateInit` (what `RTCIceCandidate.toJSON()` gives). */
export const IceCandidateSchema = v.strictObject({
  candidate: v.pipe(v.string(), v.maxLength(MAX_CANDIDATE_LENGTH)),
  sdpMid: v.optional(v.nullable(Token)),
  sdpMLineIndex: v.optional(
    v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
  ),
  usernameFragment: v.optional(v.nullable(Token)),
});

/**
 * The id of the MediaStream a shared screen is sent in: the stream id of the screen track's
 * `a=msid` line, which the receiver reads as `RTCTrackEvent.streams[0].id`. The camera and
 * microphone are never sent in that stream, so it tells the screen from the camera.
 */
export const ScreenStreamIdSchema = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{1,64}$/),
);

/**
 * Whether a side's microphone and camera are on, and while it shares a screen, the screen's stream
 * id (see {@linkcode ScreenStreamIdSchema}; absent when not sharing).
 */
export const MediaStateSchema = v.strictObject({
  audio: v.boolean(),
  video: v.boolean(),
  screen: v.optional(ScreenStreamIdSchema),
});

const To = ParticipantIdSchema;
const From = ParticipantIdSchema;

/** A session description offer to participant `to`; renegotiation offers come from either end. */
export const OfferSchema = v.strictObject({ type: v.literal("offer"), to: To, sdp: Sdp });
/** A session description answer to participant `to`. */
export const AnswerSchema = v.strictObject({ type: v.literal("answer"), to: To, sdp: Sdp });
/** One trickled ICE candidate for participant `to`; `null` means end of candidates. */
export const IceSchema = v.strictObject({
  type: v.literal("ice"),
  to: To,
  candidate: v.nullable(IceCandidateSchema),
});
/**
 * Mute state of the sender, and the stream id of the screen it shares (for everyone in the room:
 * it goes into the roster). A sharer sends it before adding the screen's track, so the others
 * know the stream id before the offer that carries it.
 */
export const MediaSchema = v.strictObject({
  type: v.literal("media"),
  audio: v.boolean(),
  video: v.boolean(),
  screen: v.optional(ScreenStreamIdSchema),
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

/**
 * The professional lets in participant `id`, who is knocking: the server records it
 * (`Store.admitGuest`, so they are let in again automatically when they come back) and seats
 * their knocking socket. From anyone but the professional: `error` `not_allowed`; an `id` that is
 * not knocking: `error` `unknown_participant`; both not fatal. From a dashboard socket,
 * `appointmentId` says where (required there: `error` `no_room` without it); from a call socket
 * it may only name the socket's own appointment (else `error` `not_allowed`).
 */
export const AdmitSchema = v.strictObject({
  type: v.literal("admit"),
  id: ParticipantIdSchema,
  appointmentId: v.optional(Token),
});
/**
 * The professional declines participant `id`'s knock ("Not now"): the server takes the guest off
 * (`Store.removeGuest(…, "declined")`) and closes their sockets with 4008. Refused like `admit`.
 */
export const DeclineSchema = v.strictObject({
  type: v.literal("decline"),
  id: ParticipantIdSchema,
  appointmentId: v.optional(Token),
});

/**
 * The professional removes participant `id` from the call and revokes their link in the same
 * step: a guest is taken off the appointment (`Store.removeGuest(…, "removed")`), the client's
 * link is replaced (`Store.revokeLink`; the professional sends the new one if they want the
 * client back). Their sockets close with 4004 and the others see them leave. From anyone but the
 * professional's call socket, or for `pro`: `error` `not_allowed`; someone not on the
 * appointment: `error` `unknown_participant`; a failed store write: `error` `remove_failed`
 * (nothing changed). None of them fatal.
 */
export const RemoveSchema = v.strictObject({
  type: v.literal("remove"),
  id: ParticipantIdSchema,
});

/** Longest note the professional may send a waiting participant, in characters. */
export const MAX_NOTE_LENGTH = 200;

/**
 * The professional's short note to someone waiting ("Running five minutes late"): relayed at
 * once to participant `to`'s socket as `note`, never stored, held or logged. Only from the
 * professional (a call socket of the appointment, or a dashboard socket naming `appointmentId`),
 * only to a participant of that appointment who has a seat, is connected and waits for them (the
 * professional has no seat in the room at the moment). Refusals are non-fatal `error`s:
 * `not_allowed` (not the professional, another appointment), `no_room` (a dashboard socket
 * without `appointmentId`), `not_waiting` (nobody of that id waits there now).
 */
export const NoteSchema = v.strictObject({
  type: v.literal("note"),
  to: ParticipantIdSchema,
  text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_NOTE_LENGTH)),
  appointmentId: v.optional(Token),
});

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
  AdmitSchema,
  DeclineSchema,
  RemoveSchema,
  NoteSchema,
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

/** One participant with a seat in the room, as the roster lists them. */
export const RosterEntrySchema = v.object({
  id: ParticipantIdSchema,
  role: RoleSchema,
  /** The display name (the professional's, the client's, the guest's). */
  name: v.string(),
  /** A guest's role in the professional's words ("interpreter"); none for others. */
  label: v.optional(v.string()),
  /** "away": its socket dropped and the seat is kept for the grace period. */
  presence: v.picklist(["present", "away"]),
  /** Whether its microphone and camera are on, once it said so. */
  media: v.optional(MediaStateSchema),
});

/**
 * First message on every socket: who you are in the room (`id`), the appointment, and everyone
 * with a seat (you included). `appointment` is null and `participants` empty on a dashboard.
 */
export const WelcomeSchema = v.object({
  type: v.literal("welcome"),
  role: RoleSchema,
  id: v.nullable(ParticipantIdSchema),
  appointment: v.nullable(AppointmentInfoSchema),
  participants: v.array(RosterEntrySchema),
});
/** Everyone with a seat, you included: sent to everyone present whenever it changes. */
export const RosterSchema = v.object({
  type: v.literal("roster"),
  participants: v.array(RosterEntrySchema),
});
/**
 * Participant `id` joined (negotiate afresh with it), is away (its socket dropped; its seat is
 * kept for the grace period, it may be back any moment) or left (it sent `leave`, or the grace
 * ran out: drop the connection with it).
 */
export const PeerSchema = v.object({
  type: v.literal("peer"),
  id: ParticipantIdSchema,
  state: v.picklist(["joined", "away", "left"]),
});
/** An offer relayed from participant `from` (set by the server). */
export const RelayedOfferSchema = v.object({ type: v.literal("offer"), from: From, sdp: Sdp });
/** An answer relayed from participant `from`. */
export const RelayedAnswerSchema = v.object({ type: v.literal("answer"), from: From, sdp: Sdp });
/** A candidate relayed from participant `from`. */
export const RelayedIceSchema = v.object({
  type: v.literal("ice"),
  from: From,
  candidate: v.nullable(IceCandidateSchema),
});
/**
 * To the professional's standby sockets (see {@linkcode JoinSchema}): what the room holds for the
 * professional right now, oldest first, as `join` would deliver it (the offers and candidates of
 * those waiting). Sent on admission and again whenever that changes, each replacing the one
 * before, so "Join call" can answer at once; `join` still delivers it all as usual.
 */
export const HeldForYouSchema = v.object({
  type: v.literal("held"),
  messages: v.array(v.variant("type", [RelayedOfferSchema, RelayedAnswerSchema, RelayedIceSchema])),
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
  /**
   * With status "waiting": since when (epoch milliseconds, the server's clock) the room has been
   * waiting, so the dashboard shows "waiting 3 min".
   */
  waitingSince: v.optional(v.number()),
  /** Epoch milliseconds. */
  at: v.number(),
});
/** One person knocking: asking the professional to be let in. */
export const KnockerSchema = v.object({
  id: ParticipantIdSchema,
  role: RoleSchema,
  name: v.string(),
  /** Since when they knock (epoch ms, the server's clock): the dashboard's "waiting 3 min". */
  since: v.optional(v.number()),
});
/**
 * To the professional's call sockets (seated or standby) and dashboard sockets: everyone knocking
 * at `appointmentId` now, sent when one of them arrives, and whenever the list changes (let in,
 * declined, gone). A dashboard gets one per appointment with someone knocking when it opens.
 */
export const KnocksSchema = v.object({
  type: v.literal("knocks"),
  appointmentId: v.string(),
  knocking: v.array(KnockerSchema),
});
/**
 * To a knocking socket, instead of `welcome`: it is connected and the professional has been
 * asked; its `welcome` follows once it is let in.
 */
export const KnockingSchema = v.object({ type: v.literal("knocking") });
/** The professional's note to this waiting participant (see {@linkcode NoteSchema}). */
export const RelayedNoteSchema = v.object({
  type: v.literal("note"),
  from: From,
  text: v.pipe(v.string(), v.maxLength(MAX_NOTE_LENGTH)),
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
  RosterSchema,
  RelayedOfferSchema,
  RelayedAnswerSchema,
  RelayedIceSchema,
  PeerSchema,
  StatusSchema,
  PongSchema,
  ErrorSchema,
  KnocksSchema,
  KnockingSchema,
  RelayedNoteSchema,
  HeldForYouSchema,
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
export type AdmitMessage = v.InferOutput<typeof AdmitSchema>;
export type DeclineMessage = v.InferOutput<typeof DeclineSchema>;
export type RemoveMessage = v.InferOutput<typeof RemoveSchema>;
export type NoteMessage = v.InferOutput<typeof NoteSchema>;
export type RelayedNote = v.InferOutput<typeof RelayedNoteSchema>;
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;
/** Client messages the server passes on to the one participant they are addressed to. */
export type AddressedMessage = OfferMessage | AnswerMessage | IceMessage;
/** What a browser's peer session sends, before signaling addresses it. */
export type SessionMessage =
  | Omit<OfferMessage, "to">
  | Omit<AnswerMessage, "to">
  | Omit<IceMessage, "to">;
export type ParticipantIdText = v.InferOutput<typeof ParticipantIdSchema>;
export type ParticipantRole = v.InferOutput<typeof RoleSchema>;
export type RosterEntry = v.InferOutput<typeof RosterEntrySchema>;
export type RosterMessage = v.InferOutput<typeof RosterSchema>;
export type RelayedOffer = v.InferOutput<typeof RelayedOfferSchema>;
export type RelayedAnswer = v.InferOutput<typeof RelayedAnswerSchema>;
export type RelayedIce = v.InferOutput<typeof RelayedIceSchema>;
/** What the server relays, with `from` set. */
export type RelayedMessage = RelayedOffer | RelayedAnswer | RelayedIce;
export type HeldForYouMessage = v.InferOutput<typeof HeldForYouSchema>;
export type AppointmentInfo = v.InferOutput<typeof AppointmentInfoSchema>;
export type WelcomeMessage = v.InferOutput<typeof WelcomeSchema>;
export type PeerMessage = v.InferOutput<typeof PeerSchema>;
export type StatusMessage = v.InferOutput<typeof StatusSchema>;
export type Knocker = v.InferOutput<typeof KnockerSchema>;
export type KnocksMessage = v.InferOutput<typeof KnocksSchema>;
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
