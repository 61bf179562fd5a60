/**
 * A socket as the hub holds it: the transport-facing types (Connection,
 * Participant, HubSession) and the per-socket state the hub keeps, one
 * {@linkcode SocketState} with its transitions in one place.
 */
import type { Appointment } from "../domain/store.ts";
import type { RejectReason } from "./metrics.ts";
import {
  type ClientMessage,
  CloseCode,
  CloseReason,
  encode,
  type ServerMessage,
} from "./protocol.ts";
import { TokenBucket } from "./rate_limit.ts";
import type { Room } from "./room.ts";
import { type ParticipantId, participantIdOf, type Role } from "./room_state.ts";

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
    role: "guest";
    appointmentId: string;
    professionalId: string;
    guestId: string;
    /** The guest's link version the session came from: withdrawing it closes older ones. */
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
    /**
     * The professional's session version the session was issued under (default 1): "Sign out
     * everywhere" closes the sockets of older ones (see `Hub.signOutEverywhere`).
     */
    sessionVersion?: number;
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

/**
 * Where a socket is in its life:
 * - `admitting`: arrived, its admission (a store read) not decided yet;
 * - `dashboard`: a professional's dashboard socket, which gets live status and joins no call;
 * - `standby`: a call socket admitted ahead of "Join call", not seated until it sends `join`;
 * - `knocking`: a guest's call socket asking to be let in (`name` for the professional, and the
 *   appointment and professional's name for its welcome once let in), not seated until `admit`;
 * - `joining`: its `join` is being checked; what it sends meanwhile waits in `queued`;
 * - `seated`: in its appointment's room;
 * - `closed`: gone or refused; it ignores everything from now on.
 */
export type SocketState =
  | { kind: "admitting" }
  | { kind: "dashboard" }
  | { kind: "standby" }
  | { kind: "knocking"; knock: Knock }
  | { kind: "joining"; queued: ClientMessage[] }
  | { kind: "seated"; room: Room<Socket> }
  | { kind: "closed" };

/** What a knocking socket keeps until it is let in. */
export interface Knock {
  appointment: Appointment;
  name: string;
  professionalName?: string;
  /** A guest's role words, for the roster once let in. */
  label?: string;
  /** When they started knocking (epoch ms). */
  since: number;
}

/** The moves a socket may make; anything else is a bug in the hub. */
const NEXT: Record<SocketState["kind"], readonly SocketState["kind"][]> = {
  admitting: ["dashboard", "standby", "knocking", "seated", "closed"],
  knocking: ["seated", "closed"],
  dashboard: ["closed"],
  standby: ["joining", "closed"],
  joining: ["seated", "closed"],
  seated: ["closed"],
  closed: [],
};

/** A socket with its state, rate limit and timers. */
export class Socket implements HubSession {
  #state: SocketState = { kind: "admitting" };
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
    this.bucket = new TokenBucket(limits.burst, limits.perSecond, now);
  }

  get state(): Readonly<SocketState> {
    return this.#state;
  }

  /** Whether it is still in use (not closed). */
  get open(): boolean {
    return this.#state.kind !== "closed";
  }

  /** Its room, once seated. */
  get room(): Room<Socket> | null {
    return this.#state.kind === "seated" ? this.#state.room : null;
  }

  get role(): Role {
    return this.participant.role;
  }

  /** Its participant's id in the room: "pro", "client" or "guest:<guest id>". */
  get participantId(): ParticipantId {
    const p = this.participant;
    return participantIdOf(p.role, p.role === "guest" ? p.guestId : undefined);
  }

  /** Whether it was opened on standby (see {@linkcode Participant}). */
  get opensOnStandby(): boolean {
    const p = this.participant;
    return p.role === "pro" && p.standby === true && p.appointmentId !== null;
  }

  /** Admitted as a dashboard socket. */
  toDashboard(): void {
    this.#move({ kind: "dashboard" });
  }

  /** Admitted as a standby socket. */
  toStandby(): void {
    this.#move({ kind: "standby" });
  }

  /** Whether it stands by: a standby socket admitted, its `join` not come yet. */
  get standing(): boolean {
    return this.#state.kind === "standby";
  }

  /** Admitted as a knocking socket. */
  toKnocking(knock: Knock): void {
    this.#move({ kind: "knocking", knock });
  }

  /** What it knocks with, while it knocks. */
  get knock(): Knock | null {
    return this.#state.kind === "knocking" ? this.#state.knock : null;
  }

  /** Its `join` arrived: false (nothing changes) unless it stands by. */
  startJoining(): boolean {
    if (this.#state.kind !== "standby") return false;
    this.#move({ kind: "joining", queued: [] });
    return true;
  }

  /** Keeps `msg` for when its seat is taken; false when it is not joining. */
  queue(msg: ClientMessage): boolean {
    if (this.#state.kind !== "joining") return false;
    this.#state.queued.push(msg);
    return true;
  }

  /** What it sent while joining, to handle once seated. */
  get queued(): readonly ClientMessage[] {
    return this.#state.kind === "joining" ? this.#state.queued : [];
  }

  /** Took its seat in `room`. */
  seatIn(room: Room<Socket>): void {
    this.#move({ kind: "seated", room });
  }

  /** Closed or refused; false when it already was. */
  markClosed(): boolean {
    if (this.#state.kind === "closed") return false;
    this.#move({ kind: "closed" });
    return true;
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

  #move(next: SocketState): void {
    if (!NEXT[this.#state.kind].includes(next.kind)) {
      throw new Error(`socket cannot go from ${this.#state.kind} to ${next.kind}`);
    }
    this.#state = next;
  }
}
