/**
 * A socket as the hub holds it: the transport-facing types (Connection,
 * Participant, HubSession) and the per-socket state the hub keeps.
 */
import type { RejectReason } from "./metrics.ts";
import {
  type ClientMessage,
  CloseCode,
  CloseReason,
  encode,
  type ServerMessage,
} from "./protocol.ts";
import { TokenBucket } from "./rate_limit.ts";
import type { Room, Side } from "./room.ts";

/** One socket as the hub sees it. */
export interface Connection {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/**
 * Who is on the other end of a socket, from their session (never from a
 * message). A professional with `appointmentId: null` is a dashboard socket.
 */
export type Participant =
  | {
    role: "client";
    appointmentId: string;
    professionalId: string;
    /** The appointment's link version the session came from: a revoke closes older ones. */
    linkVersion: number;
    expiresAt: number;
  }
  | {
    role: "pro";
    professionalId: string;
    /** null: a dashboard socket, which gets live status and joins no call. */
    appointmentId: string | null;
    /**
     * A call socket opened ahead of "Join call": admitted with the same checks but seated only
     * when it sends `join`, so the client does not see the professional arrive before that.
     */
    standby?: boolean;
    /** Epoch milliseconds. */
    expiresAt: number;
  };

/** The hub's handle on one connected socket, fed by the transport. */
export interface HubSession {
  readonly participant: Participant;
  /** A text frame arrived. */
  receive(text: string): void;
  /** A binary frame arrived: refused with 1003. */
  receiveBinary(): void;
  /**
   * The transport refused a message over `MAX_MESSAGE_BYTES` (protocol.ts) before it was whole (and
   * closed with 1009 itself): counted as `too_big`.
   */
  receiveTooBig(): void;
  /** The socket closed (idempotent). */
  closed(): void;
}

/** What a socket reports to: the hub. */
export interface SocketOwner {
  receive(s: Socket, text: string): void;
  reject(s: Socket, reason: RejectReason, code: number, text: string): void;
  leave(s: Socket, announce: boolean): void;
}

/** Closes `conn`, ignoring a transport that is already closing. */
export function closeQuietly(conn: Connection, code: number, reason: string): void {
  try {
    conn.close(code, reason);
  } catch {
    // Already closing: nothing left to do.
  }
}

/** A connected socket with its rate limit, room and timers. */
export class Socket implements HubSession {
  open = true;
  /** Set when a newer socket took over: its departure is not announced. */
  replaced = false;
  room: Room<Socket> | null = null;
  /** A standby socket not seated yet (see {@linkcode Participant}). */
  standby: boolean;
  /** Messages that arrived while its `join` was being checked; handled once seated. */
  joining: ClientMessage[] | null = null;
  lastActive: number;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Its rate limit; once seated, the seat's (see `Room.rateLimit`). */
  bucket: TokenBucket;

  constructor(
    readonly hub: SocketOwner,
    readonly conn: Connection,
    readonly participant: Participant,
    now: number,
    limits: { burst: number; perSecond: number },
  ) {
    this.lastActive = now;
    this.standby = participant.role === "pro" && participant.standby === true &&
      participant.appointmentId !== null;
    this.bucket = new TokenBucket(limits.burst, limits.perSecond, now);
  }

  get side(): Side {
    return this.participant.role;
  }

  send(msg: ServerMessage | string): void {
    if (!this.open) return;
    try {
      this.conn.send(typeof msg === "string" ? msg : encode(msg));
    } catch {
      // The transport is going away; its close event will clean up.
    }
  }

  receive(text: string): void {
    this.hub.receive(this, text);
  }

  receiveBinary(): void {
    this.hub.reject(this, "binary", CloseCode.UNSUPPORTED_DATA, CloseReason.BINARY);
  }

  receiveTooBig(): void {
    this.hub.reject(this, "too_big", CloseCode.TOO_BIG, CloseReason.TOO_BIG);
  }

  closed(): void {
    this.hub.leave(this, true);
  }
}
