/**
 * The signaling hub: relays typed messages between the client and the
 * professional of one appointment, holds them while the other party is
 * away, and keeps the professional's dashboards and the stored status live.
 *
 * Transport-agnostic: it sees {@linkcode Connection}s, so it is tested
 * without sockets; `ws_transport.ts` binds it to `ws` sockets.
 *
 * @example
 * ```ts
 * const hub = new Hub({ store });
 * const session = await hub.connect(conn, participant);
 * socket.onmessage = (e) => session.receive(e.data);
 * socket.onclose = () => session.closed();
 * ```
 */

import type { AppointmentStatus, Store } from "../domain/store.ts";
import { knocks, readAdmission } from "./admission.ts";
import { HubCounters } from "./hub_counters.ts";
import { DEFAULT_LIMITS, type HubLimits } from "./hub_limits.ts";
import {
  closeQuietly,
  type Connection,
  type HubSession,
  type Participant,
  Socket,
  type SocketOwner,
} from "./hub_socket.ts";
import type { HeldMirror } from "./held_messages.ts";
import { showHeld } from "./held_preview.ts";
import { Knocks } from "./knocks.ts";
import { LiveStatus } from "./live_status.ts";
import type { HubMetrics, RejectReason } from "./metrics.ts";
import { CloseCode, CloseReason, PROTOCOL_VERSION } from "./protocol.ts";
import { Relay } from "./relay.ts";
import type { Room } from "./room.ts";
import { type Departure, Seating } from "./seating.ts";
import { SocketMessages } from "./socket_messages.ts";
import { SocketRegistry } from "./socket_registry.ts";
import { WindowCloser } from "./window_closer.ts";
import { relayNote } from "./notes.ts";
import { removeParticipant } from "./removal.ts";

export type { Connection, HubSession, Participant } from "./hub_socket.ts";
export { DEFAULT_LIMITS, type HubLimits } from "./hub_limits.ts";

/** Options of {@linkcode Hub}. */
export interface HubOptions {
  store: Store;
  /** Clock in epoch milliseconds (injectable for tests). */
  now?: () => number;
  limits?: Partial<HubLimits>;
  /** Where rooms keep their held messages besides memory (`REDIS_URL`: Redis). */
  heldMirror?: HeldMirror;
  /**
   * Closes the room of an appointment whose join window closed, once the store says so: by
   * default this hub's {@linkcode Hub.endAppointment}; with `REDIS_URL`, every instance's (the
   * room may be held by another instance than the one whose check ended it).
   */
  windowClosed?: (appointmentId: string, status: AppointmentStatus) => void;
}

/**
 * Why an appointment is over for everyone (see {@linkcode Hub.endAppointment}): the professional
 * cancelled it, ended it (`end`), or its join window closed.
 */
export type EndReason = "cancelled" | "ended" | "window_closed";

/** How each {@linkcode EndReason} closes the call sockets, and the status it leaves by default. */
const ENDINGS: Record<EndReason, { code: number; reason: string; status: AppointmentStatus }> = {
  cancelled: { code: CloseCode.CANCELLED, reason: CloseReason.CANCELLED, status: "cancelled" },
  ended: { code: CloseCode.ENDED, reason: CloseReason.ENDED_FOR_EVERYONE, status: "completed" },
  window_closed: { code: CloseCode.ENDED, reason: CloseReason.WINDOW_CLOSED, status: "completed" },
};

/**
 * Relays signaling messages between the two parties of each appointment. The hub itself admits
 * and closes sockets; the rest has its own home: the sockets and their timers
 * ({@linkcode SocketRegistry}), what their frames do ({@linkcode SocketMessages}), the rooms and
 * their seats ({@linkcode Seating}), relaying ({@linkcode Relay}), the live status
 * ({@linkcode LiveStatus}).
 */
export class Hub implements SocketOwner {
  readonly #store: Store;
  readonly #now: () => number;
  readonly #limits: HubLimits;
  readonly #sockets: SocketRegistry;
  readonly #counters = new HubCounters();
  readonly #status: LiveStatus<Socket>;
  readonly #seating: Seating;
  readonly #messages: SocketMessages;
  readonly #windows: WindowCloser;
  readonly #knocks: Knocks;
  /** Appointments whose `end` is being written: a second `end` meanwhile is not another write. */
  readonly #ending = new Set<string>();
  #closed = false;

  constructor(options: HubOptions) {
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#sockets = new SocketRegistry({
      now: this.#now,
      sweepEveryMs: this.#limits.sweepEveryMs,
      sweep: () => this.sweep(),
      expired: (s) => this.reject(s, "expired", CloseCode.POLICY, CloseReason.EXPIRED),
    });
    this.#status = new LiveStatus(
      this.#store,
      this.#now,
      (op, id, err) => this.#counters.storeFailed(op, id, err),
    );
    this.#seating = new Seating({
      limits: this.#limits,
      status: this.#status,
      counters: this.#counters,
      heldMirror: options.heldMirror,
      heldChanged: (room) => showHeld(room, this.#sockets.ofAppointment(room.appointmentId)),
      professionalSeated: (room) => void this.#admitWaitingGuests(room),
      replaced: (previous) => {
        this.#detach(previous);
        closeQuietly(previous.conn, CloseCode.REPLACED, CloseReason.REPLACED);
      },
    });
    this.#knocks = new Knocks({
      store: this.#store,
      sockets: this.#sockets,
      seating: this.#seating,
      counters: this.#counters,
      dashboards: this.#status.dashboards,
      close: (s, code, reason) => this.#close(s, code, reason, false),
    });
    this.#messages = new SocketMessages({
      store: this.#store,
      now: this.#now,
      counters: this.#counters,
      seating: this.#seating,
      relay: new Relay(this.#status, this.#counters, (room) => this.#seating.sendRoster(room)),
      reject: (s, reason, code, text) => this.reject(s, reason, code, text),
      close: (s, code, reason) => this.#close(s, code, reason, false),
      leave: (s) => this.#evict(s, CloseCode.NORMAL, CloseReason.LEFT, "announce"),
      end: (s) => void this.#endForEveryone(s),
      answerKnock: (s, msg) => void this.#knocks.answer(s, msg),
      note: (s, msg) =>
        relayNote(s, msg, {
          counters: this.#counters,
          socketsOf: (id) => this.#sockets.ofAppointment(id),
        }),
      remove: (s, msg) =>
        void removeParticipant(s, msg, {
          store: this.#store,
          counters: this.#counters,
          revokeClient: (id, version) => this.revokeLink(id, version),
          revokeGuest: (id, guestId) => this.revokeGuest(id, guestId),
        }),
    });
    this.#windows = new WindowCloser({
      store: this.#store,
      now: this.#now,
      everyMs: this.#limits.windowCheckEveryMs,
      met: (id) => this.#seating.room(id)?.callHappened ?? false,
      closed: (id, _professionalId, status) =>
        options.windowClosed
          ? options.windowClosed(id, status)
          : this.endAppointment(id, "window_closed", status),
      failed: (op, id, err) => this.#counters.storeFailed(op, id, err),
    });
    this.#windows.start();
  }

  /**
   * Admits a socket. The room is the participant's appointment; a
   * professional must own it (checked here even if the HTTP layer did).
   * A refused socket is closed and gets a session that ignores everything.
   * `version` is the protocol version its URL asked for (protocol.ts `protocolVersionOf`):
   * any other than {@linkcode PROTOCOL_VERSION} is closed with 4006.
   */
  async connect(
    conn: Connection,
    participant: Participant,
    version: number | null = PROTOCOL_VERSION,
  ): Promise<HubSession> {
    const s = new Socket(this, conn, participant, this.#now(), this.#limits);
    if (this.#closed) return this.#refuse(s, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
    if (version !== PROTOCOL_VERSION) {
      this.#counters.rejected("version");
      return this.#refuse(s, CloseCode.VERSION, CloseReason.VERSION);
    }
    if (participant.expiresAt <= this.#now()) {
      this.#counters.rejected("expired");
      return this.#refuse(s, CloseCode.POLICY, CloseReason.EXPIRED);
    }
    const cap = participant.role === "pro"
      ? this.#limits.socketsPerPro
      : this.#limits.socketsPerClient;
    if (this.#sockets.countOfSession(participant) >= cap) {
      this.reject(s, "too_many_sockets", CloseCode.POLICY, CloseReason.TOO_MANY_SOCKETS);
      return s;
    }
    this.#sockets.arrive(s);
    if (participant.appointmentId === null) {
      this.#sockets.admit(s);
      s.toDashboard();
      this.#status.openDashboard(participant.professionalId, s, this.#seating.rooms);
      this.#knocks.tellDashboard(participant.professionalId, s);
      return s;
    }
    let admission;
    try {
      admission = await readAdmission(this.#store, participant, this.#now());
    } catch (err) {
      this.#counters.storeFailed("getAppointment", participant.appointmentId, err);
      return this.#refuse(s, CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL);
    }
    // Closed meanwhile: its link was revoked or its appointment cancelled.
    if (!s.open) return s;
    if (this.#closed) return this.#refuse(s, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
    if (!admission.ok) {
      if (admission.counted) this.#counters.rejected(admission.counted);
      return this.#refuse(s, admission.code, admission.reason);
    }
    // A call holds at most `maxParticipants` seats; whoever has one (a reload, a return within
    // the grace period) takes it again.
    const room = this.#seating.room(participant.appointmentId);
    if (
      !s.opensOnStandby && room && !room.hasSeat(s.participantId) &&
      room.seatCount >= this.#limits.maxParticipants
    ) {
      this.#counters.rejected("full");
      s.send({
        type: "error",
        code: "full",
        message: `the call already has ${this.#limits.maxParticipants} participants`,
      });
      return this.#refuse(s, CloseCode.FULL, CloseReason.FULL);
    }
    this.#sockets.admit(s);
    const { appointment, name, professionalName } = admission;
    const label = admission.guest?.role;
    // A visitor never let in knocks; so does an invited guest arriving while the professional is in.
    if (knocks(admission.guest, room?.hasSeat("pro") ?? false)) {
      s.toKnocking({ appointment, name, professionalName, label, since: this.#now() });
      this.#knocks.started(s);
      return s;
    }
    if (s.opensOnStandby) {
      s.toStandby();
      if (room) showHeld(room, [s], true);
    } else this.#seating.seat(s, appointment, name, professionalName, label);
    // The professional hears who is knocking as soon as one of its call sockets is in.
    if (s.role === "pro" && s.open) {
      this.#knocks.tellProfessional(appointment.id, participant.professionalId, s);
    }
    return s;
  }

  /**
   * Closes sockets silent for longer than the heartbeat timeout (announcing
   * "left" to their peer) and sockets whose session expired.
   */
  sweep(now: number = this.#now()): void {
    for (const s of this.#sockets.admitted()) {
      if (s.participant.expiresAt <= now) {
        this.reject(s, "expired", CloseCode.POLICY, CloseReason.EXPIRED);
      } else if (now - s.lastActive > this.#limits.heartbeatMs) {
        this.#counters.heartbeatTimeout();
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
    for (const s of this.#sockets.ofAppointment(appointmentId)) {
      if (s.participant.role === "client" && s.participant.linkVersion < version) {
        this.#counters.ended("revoked");
        this.#evict(s, CloseCode.REVOKED, CloseReason.REVOKED, "announce");
      }
    }
  }

  /**
   * A guest's link was withdrawn (`version` is the new one) or the guest was removed (no
   * `version`): closes at once (4004) that guest's sockets of an older version, or all of them,
   * and gives up the seat without the grace period. Called by the routes after the store write.
   */
  revokeGuest(appointmentId: string, guestId: string, version?: number): void {
    for (const s of this.#sockets.ofAppointment(appointmentId)) {
      const p = s.participant;
      if (p.role !== "guest" || p.guestId !== guestId) continue;
      if (version !== undefined && p.linkVersion >= version) continue;
      this.#counters.ended("revoked");
      this.#evict(s, CloseCode.REVOKED, CloseReason.REVOKED, "announce");
    }
  }

  /**
   * `professionalId` signed out everywhere; `version` is their new session version: every socket
   * of their sessions from before (dashboards, call and standby sockets) is closed at once with
   * 4009, a call socket's seat given up without the grace period (the others hear the
   * professional left; the appointment stays open). Called by the route after the store write.
   */
  signOutEverywhere(professionalId: string, version: number): void {
    for (const s of this.#sockets.admitted()) {
      const p = s.participant;
      if (p.role !== "pro" || p.professionalId !== professionalId) continue;
      if ((p.sessionVersion ?? 1) >= version) continue;
      this.#evict(s, CloseCode.SIGNED_OUT, CloseReason.SIGNED_OUT, "announce");
    }
  }

  /**
   * The appointment is over for everyone (`reason`) and the store already says so (`status`, by
   * default the reason's: cancelled, completed): its dashboards are told, and every call socket
   * of it (both sides, standby ones, ones still being admitted) is closed at once (4005 for a
   * cancel, 4002 otherwise) and its seat given up. Called by the cancel route, by `end` and by
   * the window closer, each after its store write succeeded.
   */
  endAppointment(appointmentId: string, reason: EndReason, status?: AppointmentStatus): void {
    const ending = ENDINGS[reason];
    const final = status ?? ending.status;
    const room = this.#seating.room(appointmentId);
    let professionalId = room?.professionalId;
    if (room) this.#status.show(room, final);
    for (const s of this.#sockets.ofAppointment(appointmentId)) {
      professionalId ??= s.participant.professionalId;
      this.#counters.ended(reason);
      this.#evict(s, ending.code, ending.reason, "silent");
    }
    // Seats still kept for a socket that dropped just before.
    if (room) this.#seating.vacateKeptSeats(room);
    else if (professionalId) this.#status.announce(professionalId, appointmentId, final);
  }

  /** Checks for appointments whose window has closed now (the hub also does on its own). */
  closeEndedWindows(): Promise<void> {
    return this.#windows.check();
  }

  /** A snapshot of the counters. */
  metrics(): HubMetrics {
    let held = 0;
    let heldBytes = 0;
    for (const room of this.#seating.rooms) {
      held += room.heldCount;
      heldBytes += room.heldBytes;
    }
    return this.#counters.snapshot({
      openSockets: this.#sockets.size,
      dashboardSockets: this.#status.dashboards.size,
      activeRooms: this.#seating.size,
      bufferedMessages: held,
      bufferedBytes: heldBytes,
    });
  }

  /** Resolves once every store write started so far has finished. */
  settled(): Promise<void> {
    return this.#status.settled();
  }

  /**
   * Closes every socket (1001), stops the timers, and waits for store writes. Nobody left: the
   * seats are not given up and no status is written for them, so after a restart the appointment
   * is still "in_call" while the browsers' media, peer to peer, goes on and they reconnect.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const s of this.#sockets.admitted()) {
      closeQuietly(s.conn, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
      this.#detach(s);
    }
    this.#sockets.stopSweeping();
    this.#seating.stopTimers();
    await this.#windows.stop();
    await this.settled();
  }

  /** @internal Handles a text frame from `s`. */
  receive(s: Socket, text: string): void {
    this.#messages.receive(s, text);
  }

  /**
   * @internal Counts a refusal, tells `s` why in an `error` message, and
   * closes it with `code`. The message matters: when a flooding client keeps
   * sending after our Close frame, Deno drops the TCP connection and the
   * browser sees 1006 instead of our code, but frames sent before arrive.
   */
  reject(s: Socket, reason: RejectReason, code: number, text: string): void {
    if (!s.open) return;
    this.#counters.rejected(reason);
    s.send({ type: "error", code: reason, message: text });
    this.#close(s, code, text);
  }

  /**
   * @internal `s` is gone: unregister it. Its seat, unless a newer socket took it over, is kept
   * for the grace period, then its peer is told it left.
   */
  leave(s: Socket, announce: boolean): void {
    if (!s.open) return;
    const room = s.room;
    this.#detach(s);
    if (room === null) return;
    const keep = announce && this.#limits.graceMs > 0 && !this.#closed;
    this.#seating.leave(s, room, keep ? "keep" : announce ? "announce" : "silent");
  }

  /**
   * The professional's `s` sent `end`: once the store says "completed" (after the appointment's
   * earlier writes, so a presence write cannot land after it), everyone's call sockets are closed
   * (4002). A failed write changes nothing: `s` gets `error` `end_failed` and may try again.
   */
  async #endForEveryone(s: Socket): Promise<void> {
    const id = s.participant.appointmentId;
    if (id === null || this.#ending.has(id)) return;
    this.#ending.add(id);
    let written;
    try {
      written = await this.#status.complete(id, "ended for everyone");
    } finally {
      this.#ending.delete(id);
    }
    if (written) return this.endAppointment(id, "ended", "completed");
    s.send({
      type: "error",
      code: "end_failed",
      message: "the appointment could not be ended; the call goes on, please try again",
    });
  }

  /**
   * The professional took their seat in `room`: the guests waiting in it are let in, and recorded
   * so (`Store.admitGuest`), so they enter at once whenever they come back instead of knocking.
   */
  async #admitWaitingGuests(room: Room<Socket>): Promise<void> {
    for (const guestId of room.guestIds()) {
      try {
        await this.#store.admitGuest(room.appointmentId, guestId, "system");
      } catch (err) {
        this.#counters.storeFailed("admitGuest", room.appointmentId, err);
      }
    }
  }

  /** Closes `s` and gives up its seat at once, with no grace period: its access ended. */
  #evict(s: Socket, code: number, reason: string, departure: Departure): void {
    if (!s.open) return;
    const room = s.room;
    closeQuietly(s.conn, code, reason);
    this.#detach(s);
    if (room) this.#seating.leave(s, room, departure);
  }

  /** Closes `s` as a socket (state, timers, counts, dashboards), not as a room member. */
  #detach(s: Socket): void {
    const knocked = s.knock !== null;
    s.markClosed();
    this.#sockets.remove(s);
    this.#status.dashboards.remove(s.participant.professionalId, s);
    // A knocking socket gone: the professional no longer sees it knock.
    if (knocked && !this.#closed) {
      this.#knocks.tellProfessional(s.participant.appointmentId!, s.participant.professionalId);
    }
  }

  #refuse(s: Socket, code: number, reason: string): HubSession {
    s.markClosed();
    this.#sockets.remove(s);
    closeQuietly(s.conn, code, reason);
    return s;
  }

  #close(s: Socket, code: number, reason: string, announce = true): void {
    if (!s.open) return;
    closeQuietly(s.conn, code, reason);
    this.leave(s, announce);
  }
}
