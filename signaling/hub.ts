/**
 * The signaling hub: relays typed messages between the client and the
 * professional of one appointment, holds them while the other party is
 * away, and keeps the professional's dashboards and the stored status live.
 *
 * Transport-agnostic: it sees {@linkcode Connection}s, so it is tested
 * without sockets; `endpoint.ts` binds it to `Deno.upgradeWebSocket`.
 *
 * @example
 * ```ts
 * const hub = new Hub({ store });
 * const session = await hub.connect(conn, participant);
 * socket.onmessage = (e) => session.receive(e.data);
 * socket.onclose = () => session.closed();
 * ```
 */

import type { Appointment, Store } from "../domain/store.ts";
import { emptyMetrics, type EndedReason, type HubMetrics, type RejectReason } from "./metrics.ts";
import {
  type ClientMessage,
  CloseCode,
  CloseReason,
  encode,
  isTooBig,
  parseClientMessage,
  type RelayedMessage,
} from "./protocol.ts";
import { LiveStatus } from "./live_status.ts";
import {
  closeQuietly,
  type Connection,
  type HubSession,
  type Participant,
  Socket,
  type SocketOwner,
} from "./hub_socket.ts";

export type { Connection, HubSession, Participant } from "./hub_socket.ts";
import { otherSide, Room, type Side } from "./room.ts";
import { admitToCall } from "./admission.ts";
import { DEFAULT_LIMITS, type HubLimits } from "./hub_limits.ts";
import { SocketGroups } from "./socket_groups.ts";
import { welcomeToRoom } from "./welcome.ts";

export { DEFAULT_LIMITS, type HubLimits } from "./hub_limits.ts";

/** Options of {@linkcode Hub}. */
export interface HubOptions {
  store: Store;
  /** Clock in epoch milliseconds (injectable for tests). */
  now?: () => number;
  limits?: Partial<HubLimits>;
}

/** Longest delay `setTimeout` accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why an appointment's sockets are closed from outside the call (see {@linkcode Hub.endAppointment}). */
export type EndReason = "cancelled";

/** The sockets that count against one cap: a professional's, or one appointment's client's. */
function sessionKey(p: Participant): string {
  return p.role === "pro" ? `pro:${p.professionalId}` : `client:${p.appointmentId}`;
}

/** Relays signaling messages between the two parties of each appointment. */
export class Hub implements SocketOwner {
  readonly #store: Store;
  readonly #now: () => number;
  readonly #limits: HubLimits;
  readonly #rooms = new Map<string, Room<Socket>>();
  readonly #sockets = new Set<Socket>();
  /** Every socket from its arrival (before admission too), by {@linkcode sessionKey}. */
  readonly #bySession = new SocketGroups<Socket>();
  /** Every call socket from its arrival (standby too), by appointment id. */
  readonly #byAppointment = new SocketGroups<Socket>();
  readonly #status: LiveStatus<Socket>;
  readonly #counters = emptyMetrics();
  #sweepTimer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: HubOptions) {
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#status = new LiveStatus(
      this.#store,
      this.#now,
      (op, id, err) => this.#storeFailed(op, id, err),
    );
  }

  /**
   * Admits a socket. The room is the participant's appointment; a
   * professional must own it (checked here even if the HTTP layer did).
   * A refused socket is closed and gets a session that ignores everything.
   */
  async connect(conn: Connection, participant: Participant): Promise<HubSession> {
    const s = new Socket(this, conn, participant, this.#now(), this.#limits);
    if (this.#closed) return this.#refuse(s, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
    if (participant.expiresAt <= this.#now()) {
      this.#count("expired");
      return this.#refuse(s, CloseCode.POLICY, CloseReason.EXPIRED);
    }
    const cap = participant.role === "pro"
      ? this.#limits.socketsPerPro
      : this.#limits.socketsPerClient;
    if (this.#bySession.count(sessionKey(participant)) >= cap) {
      this.reject(s, "too_many_sockets", CloseCode.POLICY, CloseReason.TOO_MANY_SOCKETS);
      return s;
    }
    this.#group(s);
    if (participant.appointmentId === null) {
      this.#admit(s);
      this.#joinDashboard(s);
      return s;
    }
    let appointment: Appointment | null;
    let professionalName: string | undefined;
    try {
      appointment = await this.#store.getAppointment(participant.appointmentId);
      if (appointment && participant.role === "client") {
        professionalName = (await this.#store.getProfessional(appointment.professionalId))?.name;
      }
    } catch (err) {
      this.#storeFailed("getAppointment", participant.appointmentId, err);
      return this.#refuse(s, CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL);
    }
    // Closed meanwhile: its link was revoked or its appointment cancelled.
    if (!s.open) return s;
    if (this.#closed) return this.#refuse(s, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
    const admission = admitToCall(appointment, participant);
    if (!admission.ok) {
      if (admission.counted) this.#count(admission.counted);
      return this.#refuse(s, admission.code, admission.reason);
    }
    this.#admit(s);
    if (!s.standby) this.#joinRoom(s, admission.appointment, professionalName);
    return s;
  }

  /**
   * Closes sockets silent for longer than the heartbeat timeout (announcing
   * "left" to their peer) and sockets whose session expired.
   */
  sweep(now: number = this.#now()): void {
    for (const s of [...this.#sockets]) {
      if (s.participant.expiresAt <= now) {
        this.reject(s, "expired", CloseCode.POLICY, CloseReason.EXPIRED);
      } else if (now - s.lastActive > this.#limits.heartbeatMs) {
        this.#counters.heartbeatTimeouts++;
        this.#close(s, CloseCode.TIMEOUT, CloseReason.TIMEOUT);
      }
    }
  }

  /**
   * The appointment's client link was revoked: closes at once (4004) every client socket whose
   * session came from an older link version than `version`, arrived or still being admitted, and
   * gives up its seat without the grace period, so the professional and the dashboards see the
   * client gone. Called by the route after the store write succeeded.
   */
  revokeLink(appointmentId: string, version: number): void {
    for (const s of this.#byAppointment.members(appointmentId)) {
      if (s.participant.role === "client" && s.participant.linkVersion < version) {
        this.#endedSockets("revoked");
        this.#evict(s, CloseCode.REVOKED, CloseReason.REVOKED, true);
      }
    }
  }

  /**
   * The appointment is over for everyone (`reason`): its dashboards are told its final status,
   * and every call socket of it (both sides, standby ones, ones still being admitted) is closed
   * at once (4005) and its seat given up. Called by the route after the store write succeeded.
   */
  endAppointment(appointmentId: string, reason: EndReason): void {
    const room = this.#rooms.get(appointmentId);
    if (room) this.#status.set(room, reason, "pro", `${reason} during the call`);
    for (const s of this.#byAppointment.members(appointmentId)) {
      this.#endedSockets(reason);
      this.#evict(s, CloseCode.CANCELLED, CloseReason.CANCELLED, false);
    }
    // Seats still kept for a socket that dropped just before.
    for (const side of ["client", "pro"] as const) {
      if (room?.away[side] !== undefined) this.#vacate(room, side, false);
    }
  }

  /** A snapshot of the counters. */
  metrics(): HubMetrics {
    let held = 0;
    let heldBytes = 0;
    for (const room of this.#rooms.values()) {
      held += room.heldCount;
      heldBytes += room.heldBytes;
    }
    return {
      ...this.#counters,
      messagesRejected: { ...this.#counters.messagesRejected },
      socketsEnded: { ...this.#counters.socketsEnded },
      openSockets: this.#sockets.size,
      dashboardSockets: this.#status.dashboards.size,
      activeRooms: this.#rooms.size,
      bufferedMessages: held,
      bufferedBytes: heldBytes,
    };
  }

  /** Resolves once every store write started so far has finished. */
  settled(): Promise<void> {
    return this.#status.settled();
  }

  /** Closes every socket (1001), stops the timers, and waits for store writes. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const s of [...this.#sockets]) {
      this.#close(s, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN, false);
    }
    this.#stopSweeping();
    for (const room of this.#rooms.values()) {
      clearTimeout(room.away.client);
      clearTimeout(room.away.pro);
    }
    await this.settled();
  }

  /** @internal Handles a text frame from `s`. */
  receive(s: Socket, text: string): void {
    if (!s.open) return;
    const now = this.#now();
    s.lastActive = now;
    if (s.participant.expiresAt <= now) {
      return this.reject(s, "expired", CloseCode.POLICY, CloseReason.EXPIRED);
    }
    if (!s.bucket.take(now)) {
      return this.reject(s, "rate_limit", CloseCode.POLICY, CloseReason.RATE_LIMIT);
    }
    if (isTooBig(text)) return this.reject(s, "too_big", CloseCode.TOO_BIG, CloseReason.TOO_BIG);
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      const reason = parsed.code === CloseCode.INVALID_JSON ? "invalid_json" : "invalid_message";
      return this.reject(s, reason, parsed.code, parsed.reason);
    }
    if (s.joining) s.joining.push(parsed.msg);
    else this.#handle(s, parsed.msg);
  }

  /**
   * @internal Counts a refusal, tells `s` why in an `error` message, and
   * closes it with `code`. The message matters: when a flooding client keeps
   * sending after our Close frame, Deno drops the TCP connection and the
   * browser sees 1006 instead of our code, but frames sent before arrive.
   */
  reject(s: Socket, reason: RejectReason, code: number, text: string): void {
    if (!s.open) return;
    this.#count(reason);
    s.send({ type: "error", code: reason, message: text });
    this.#close(s, code, text);
  }

  /**
   * @internal `s` is gone: unregister it. Unless replaced, its seat is kept
   * for the grace period, then its peer is told it left.
   */
  leave(s: Socket, announce: boolean): void {
    if (!s.open) return;
    this.#detach(s);
    const room = s.room;
    if (room === null || room.members[s.side] !== s) return;
    delete room.members[s.side];
    const side = s.side;
    if (announce && !s.replaced && this.#limits.graceMs > 0 && !this.#closed) {
      room.away[side] = setTimeout(() => this.#vacate(room, side, true), this.#limits.graceMs);
      return;
    }
    this.#vacate(room, side, announce && !s.replaced);
  }

  /** Closes `s` and gives up its seat at once, with no grace period: its access ended. */
  #evict(s: Socket, code: number, reason: string, announce: boolean): void {
    if (!s.open) return;
    closeQuietly(s.conn, code, reason);
    this.#detach(s);
    const room = s.room;
    if (room === null || room.members[s.side] !== s) return;
    delete room.members[s.side];
    this.#vacate(room, s.side, announce);
  }

  /** Gives up `side`'s seat: forget its state, tell the peer, update the status. */
  #vacate(room: Room<Socket>, side: Side, announce: boolean): void {
    clearTimeout(room.away[side]);
    delete room.away[side];
    if (room.members[side] !== undefined) return;
    delete room.media[side];
    room.dropFrom(side);
    if (side === "client") room.offerWaiting = false;
    if (announce) room.members[otherSide(side)]?.send({ type: "peer", state: "left" });
    this.#status.reconcile(room, side, `${side} left`);
    if (room.empty) this.#rooms.delete(room.appointmentId);
  }

  #handle(s: Socket, msg: ClientMessage): void {
    if (msg.type === "ping") {
      return s.send(msg.id === undefined ? { type: "pong" } : { type: "pong", id: msg.id });
    }
    if (msg.type === "join") return this.#join(s);
    const room = s.room;
    if (room === null) {
      this.#count("no_room");
      return s.send({ type: "error", code: "no_room", message: "this socket is in no call" });
    }
    if (msg.type === "hangup") return this.#hangup(s, room);
    const side = s.side;
    if (msg.type === "media") room.media[side] = { audio: msg.audio, video: msg.video };
    if (msg.type === "offer" && side === "client") room.offerWaiting = true;
    const text = encode(msg);
    const peer = room.members[otherSide(side)];
    if (peer) {
      peer.send(text);
      this.#counters.messagesRelayed++;
    } else if (!room.hold(side, msg, text)) {
      this.#count("buffer_full");
      s.send({
        type: "error",
        code: "buffer_full",
        message: "too many messages (or bytes) held for peer",
      });
    }
    if (msg.type === "answer") {
      room.answered = true;
      room.offerWaiting = false;
      this.#status.reconcile(room, side, "answer relayed");
    } else if (side === "client" && (msg.type === "offer" || msg.type === "media")) {
      this.#status.broadcast(room);
    }
  }

  /**
   * Seats a standby socket. Its appointment is read again (it may have been cancelled while the
   * socket stood by); what it sends meanwhile is handled once it is seated, in order.
   */
  #join(s: Socket): void {
    const id = s.participant.appointmentId;
    if (!s.standby || id === null) {
      return this.reject(s, "invalid_message", CloseCode.POLICY, CloseReason.INVALID_MESSAGE);
    }
    s.standby = false;
    s.joining = [];
    // Called inside `then`, so a store that throws at once (SQLite does) fails like one that rejects.
    Promise.resolve(id).then((id) => this.#store.getAppointment(id)).then((appointment) => {
      const queued = s.joining ?? [];
      s.joining = null;
      if (!s.open) return;
      const admission = admitToCall(appointment, s.participant);
      if (!admission.ok) {
        if (admission.counted) this.#count(admission.counted);
        return this.#close(s, admission.code, admission.reason, false);
      }
      this.#joinRoom(s, admission.appointment);
      for (const msg of queued) if (s.open) this.#handle(s, msg);
    }, (err) => {
      s.joining = null;
      this.#storeFailed("getAppointment", id, err);
      this.#close(s, CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL, false);
    });
  }

  #hangup(s: Socket, room: Room<Socket>): void {
    const peer = room.members[otherSide(s.side)];
    if (peer) {
      peer.send({ type: "hangup" } satisfies RelayedMessage);
      this.#counters.messagesRelayed++;
    }
    room.clear();
    room.answered = false;
    room.offerWaiting = false;
    this.#status.set(room, "completed", s.side, `hung up by ${s.side}`);
  }

  #admit(s: Socket): void {
    this.#sockets.add(s);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, s.participant.expiresAt - this.#now()));
    s.expiryTimer = setTimeout(() => {
      this.reject(s, "expired", CloseCode.POLICY, CloseReason.EXPIRED);
    }, delay);
    if (this.#sweepTimer === undefined && this.#limits.sweepEveryMs > 0) {
      this.#sweepTimer = setInterval(() => this.sweep(), this.#limits.sweepEveryMs);
    }
  }

  /** Files a newly arrived socket under its session and, for a call socket, its appointment. */
  #group(s: Socket): void {
    this.#bySession.add(sessionKey(s.participant), s);
    const id = s.participant.appointmentId;
    if (id !== null) this.#byAppointment.add(id, s);
  }

  #ungroup(s: Socket): void {
    this.#bySession.remove(sessionKey(s.participant), s);
    const id = s.participant.appointmentId;
    if (id !== null) this.#byAppointment.remove(id, s);
  }

  /** Forgets `s` as a socket (timers, counts, dashboards), not as a room member. */
  #detach(s: Socket): void {
    s.open = false;
    clearTimeout(s.expiryTimer);
    this.#ungroup(s);
    this.#sockets.delete(s);
    if (this.#sockets.size === 0) this.#stopSweeping();
    this.#status.dashboards.remove(s.participant.professionalId, s);
  }

  #joinDashboard(s: Socket): void {
    const proId = s.participant.professionalId;
    this.#status.dashboards.add(proId, s);
    s.send({ type: "welcome", role: "pro", appointment: null, peer: { present: false } });
    for (const room of this.#rooms.values()) {
      if (room.professionalId === proId) s.send(this.#status.statusOf(room));
    }
  }

  #joinRoom(s: Socket, appointment: Appointment, professionalName?: string): void {
    let room = this.#rooms.get(appointment.id);
    if (!room) {
      room = new Room(appointment.id, appointment.professionalId, appointment.status, {
        messages: this.#limits.roomBuffer,
        bytes: this.#limits.roomBufferBytes,
      });
      this.#rooms.set(appointment.id, room);
    }
    const side = s.side;
    // Back within the grace period (a blip, a reload): the seat is still ours.
    const resumed = room.away[side] !== undefined;
    clearTimeout(room.away[side]);
    delete room.away[side];
    const previous = room.members[side];
    if (previous) {
      // The newer tab takes the seat: no "left" to the peer, no status flap.
      previous.replaced = true;
      this.#detach(previous);
      closeQuietly(previous.conn, CloseCode.REPLACED, CloseReason.REPLACED);
      delete room.media[side];
      room.dropFrom(side);
    }
    room.members[side] = s;
    s.room = room;
    s.bucket = room.rateLimit(side, s.bucket);
    const peer = room.members[otherSide(side)];
    s.send(welcomeToRoom(side, appointment, room, professionalName));
    for (const text of room.takeFor(side)) {
      s.send(text);
      this.#counters.messagesRelayed++;
    }
    // A socket taking over a seat is a resume too: the peer saw this side arrive once already
    // (a reconnect loop must not announce an arrival per socket). A new browser tab shows up
    // to the peer as a new offer, which it already tells apart (another DTLS fingerprint).
    if (!resumed && !previous) peer?.send({ type: "peer", state: "joined" });
    this.#status.reconcile(room, side, `${side} joined`);
  }

  #storeFailed(op: string, appointmentId: string, err: unknown): void {
    this.#counters.storeErrors++;
    // The error's name only: messages from a database may quote row values.
    const error = err instanceof Error ? err.name : typeof err;
    console.error(JSON.stringify({ msg: "signaling store call failed", op, appointmentId, error }));
  }

  #count(reason: RejectReason): void {
    this.#counters.messagesRejected[reason]++;
  }

  #endedSockets(reason: EndedReason): void {
    this.#counters.socketsEnded[reason]++;
  }

  #refuse(s: Socket, code: number, reason: string): HubSession {
    s.open = false;
    this.#ungroup(s);
    closeQuietly(s.conn, code, reason);
    return s;
  }

  #close(s: Socket, code: number, reason: string, announce = true): void {
    if (!s.open) return;
    closeQuietly(s.conn, code, reason);
    this.leave(s, announce);
  }

  #stopSweeping(): void {
    clearInterval(this.#sweepTimer);
    this.#sweepTimer = undefined;
  }
}
