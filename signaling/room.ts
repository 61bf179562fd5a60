/**
 * One appointment's call: who has a seat in it, their mute state, how far the call got, and the
 * messages held for someone not connected yet (the seed's getIce).
 *
 * Its state has two parts, kept apart so that a room need not live in one process for its whole
 * life (with `REDIS_URL`, instances will share rooms):
 * - **shared** ({@linkcode RoomState}): plain, JSON-safe data — the seats and whether each is
 *   present or kept for a dropped socket, their media, the status, the held messages. This is what
 *   a shared store would hold; {@linkcode Room.snapshot} returns it. See `room_state.ts`.
 * - **local**: what only this process has — the socket sitting in a seat here, the grace timer of
 *   a seat kept here, each seat's rate limit.
 *
 * Both change only through the methods below, which keep them consistent.
 */

import type { AppointmentStatus } from "../domain/store.ts";
import {
  framesFor,
  type HeldMirror,
  hold,
  type HoldCapacity,
  keep,
  noHeldMessages,
  takeFor,
} from "./held_messages.ts";
import type { MediaState, RelayedMessage, RosterEntry } from "./protocol.ts";
import type { TokenBucket } from "./rate_limit.ts";
import {
  nextStatus,
  type ParticipantId,
  type Role,
  type RoomState,
  type SeatState,
} from "./room_state.ts";

/** What happened when a socket took a seat. */
export type Seated<S> =
  /** Nobody had the seat: the others see an arrival. */
  | { kind: "new" }
  /** The seat was kept for a socket that dropped: back within the grace period. */
  | { kind: "resumed" }
  /** A newer socket (a reload, another tab) took the seat over from `previous`. */
  | { kind: "replaced"; previous: S };

/** One appointment's call; `S` is the hub's socket type. */
export class Room<S> {
  readonly #state: RoomState;
  readonly #capacity: HoldCapacity;
  readonly #mirror: HeldMirror | undefined;
  readonly #onHeldChanged: (() => void) | undefined;
  // Local part.
  readonly #sockets = new Map<ParticipantId, S>();
  readonly #graceTimers = new Map<ParticipantId, ReturnType<typeof setTimeout>>();
  readonly #rateLimits = new Map<ParticipantId, TokenBucket>();

  constructor(
    appointmentId: string,
    professionalId: string,
    status: AppointmentStatus,
    capacity: HoldCapacity,
    /** Where the held messages are kept besides (`REDIS_URL`); restored from it on opening. */
    mirror?: HeldMirror,
    /** Called after the held messages changed (the professional's standby sockets are told). */
    onHeldChanged?: () => void,
  ) {
    this.#state = {
      appointmentId,
      professionalId,
      status,
      seats: {},
      answered: status === "in_call",
      callHappened: false,
      offerWaiting: false,
      // A room opened on a call that was going on (the server restarted mid-call): the
      // professional was in it, and the others' connections with each other outlived the server.
      professionalCame: status === "in_call",
      held: mirror?.restore(appointmentId) ?? noHeldMessages(),
    };
    this.#capacity = capacity;
    this.#mirror = mirror;
    this.#onHeldChanged = onHeldChanged;
  }

  get appointmentId(): string {
    return this.#state.appointmentId;
  }

  get professionalId(): string {
    return this.#state.professionalId;
  }

  get status(): AppointmentStatus {
    return this.#state.status;
  }

  /** Whether an answer was relayed while this room was open (the client and professional met). */
  get callHappened(): boolean {
    return this.#state.callHappened;
  }

  /** Whether the client's offer is still waiting for an answer. */
  get offerWaiting(): boolean {
    return this.#state.offerWaiting;
  }

  /**
   * Whether the professional has taken a seat since the room opened: before that the client and
   * guests wait for them and may not reach each other.
   */
  get professionalCame(): boolean {
    return this.#state.professionalCame;
  }

  /** Messages held right now. */
  get heldCount(): number {
    return this.#state.held.list.length;
  }

  /** UTF-8 bytes held right now. */
  get heldBytes(): number {
    return this.#state.held.bytes;
  }

  /** Whether nobody has a seat, present or kept. */
  get empty(): boolean {
    return this.seatCount === 0;
  }

  /** How many seats are taken, present or kept. */
  get seatCount(): number {
    return Object.keys(this.#state.seats).length;
  }

  /** Whether `id` has a seat, present or kept. */
  hasSeat(id: ParticipantId): boolean {
    return id in this.#state.seats;
  }

  /**
   * Whether messages may be addressed to `id`: someone with a seat, or the professional or the
   * client, who have a place in every appointment (what is sent to them waits until they come).
   */
  knows(id: ParticipantId): boolean {
    return id === "pro" || id === "client" || this.hasSeat(id);
  }

  /** The guest ids (without `guest:`) of the guests with a seat, present or kept. */
  guestIds(): string[] {
    return Object.keys(this.#state.seats)
      .filter((id) => id.startsWith("guest:"))
      .map((id) => id.slice("guest:".length));
  }

  /** Everyone with a seat, in the order they sat down (the `roster` message). */
  roster(): RosterEntry[] {
    return Object.entries(this.#state.seats).map(([id, seat]) => {
      const entry: RosterEntry = { id, role: seat.role, name: seat.name, presence: seat.presence };
      if (seat.label !== undefined) entry.label = seat.label;
      if (seat.media) entry.media = { ...seat.media };
      return entry;
    });
  }

  /** The shared state, as a copy (what a shared store would hold). */
  snapshot(): RoomState {
    return structuredClone(this.#state);
  }

  /** Whether `id` is connected (a kept seat is not). */
  isPresent(id: ParticipantId): boolean {
    return this.#state.seats[id]?.presence === "present";
  }

  /** The last mute state `id` reported while it has a seat. */
  mediaOf(id: ParticipantId): MediaState | undefined {
    return this.#state.seats[id]?.media;
  }

  /** The socket sitting in `id`'s seat in this process. */
  socketOf(id: ParticipantId): S | undefined {
    return this.#sockets.get(id);
  }

  /** Whether `socket` is the one sitting in `id`'s seat (not one it took over from). */
  holds(id: ParticipantId, socket: S): boolean {
    return this.#sockets.get(id) === socket;
  }

  /** Everyone but `id` with a seat, present or kept: who hears of its arrival and departure. */
  othersOf(id: ParticipantId): ParticipantId[] {
    return Object.keys(this.#state.seats).filter((other) => other !== id);
  }

  /** The seats kept for a dropped socket. */
  keptSeats(): ParticipantId[] {
    return Object.keys(this.#state.seats)
      .filter((id) => this.#state.seats[id]?.presence === "away");
  }

  /**
   * The status the appointment should have given who is in the room, a seat in its grace period
   * included (see {@linkcode nextStatus}).
   */
  statusFromPresence(): AppointmentStatus {
    return nextStatus(
      this.#state.status,
      this.#roleSeated("client"),
      this.#roleSeated("pro"),
      this.#state.answered,
    );
  }

  /**
   * Sits `socket` in `id`'s seat. A kept seat is resumed as it was; a seat another socket sits in
   * is taken over, forgetting that socket's media and what it sent that is still held (its
   * negotiation is dead).
   */
  seat(id: ParticipantId, role: Role, name: string, socket: S, label?: string): Seated<S> {
    const seat = this.#state.seats[id];
    const previous = this.#sockets.get(id);
    this.#stopGraceTimer(id);
    this.#sockets.set(id, socket);
    if (role === "pro") this.#state.professionalCame = true;
    if (seat?.presence === "away") {
      seat.presence = "present";
      return { kind: "resumed" };
    }
    this.#state.seats[id] = label === undefined
      ? { role, name, presence: "present" }
      : { role, name, label, presence: "present" };
    if (previous === undefined) return { kind: "new" };
    this.#dropFrom(id);
    this.#heldChanged();
    return { kind: "replaced", previous };
  }

  /** `id`'s socket dropped: its seat is kept, with its media and messages, until `timer` fires. */
  keepSeat(id: ParticipantId, timer: ReturnType<typeof setTimeout>): void {
    const seat = this.#state.seats[id];
    this.#stopGraceTimer(id);
    this.#sockets.delete(id);
    if (!seat) return clearTimeout(timer);
    seat.presence = "away";
    this.#graceTimers.set(id, timer);
  }

  /**
   * Gives up `id`'s seat: its socket, its grace timer, its media, what it sent that is still
   * held, what was held for it (the others' negotiation with the connection that is gone: ICE
   * restarts while it was away; whoever comes back is a new connection) and, for the client,
   * its waiting offer. When the client or the professional goes, the call has to get going
   * again (a new answer between them) before the status says "in_call"; a guest going changes
   * nothing there. Returns the seat given up, if it had one.
   */
  vacate(id: ParticipantId): SeatState | undefined {
    this.#stopGraceTimer(id);
    this.#sockets.delete(id);
    const seat = this.#state.seats[id];
    if (!seat) return undefined;
    delete this.#state.seats[id];
    this.#dropFrom(id);
    keep(this.#state.held, (h) => h.to !== id);
    this.#heldChanged();
    if (seat.role === "client") this.#state.offerWaiting = false;
    if (seat.role !== "guest") this.#state.answered = false;
    return seat;
  }

  /** Sets the status; false when it already was `status`. */
  setStatus(status: AppointmentStatus): boolean {
    if (this.#state.status === status) return false;
    this.#state.status = status;
    if (status !== "waiting") delete this.#state.waitingSince;
    return true;
  }

  /**
   * While the status is "waiting", since when: the first time this is asked after it began
   * (`now` then), so a room opened already waiting (a restart) counts from its opening.
   * Undefined for any other status.
   */
  waitingSince(now: number): number | undefined {
    if (this.#state.status !== "waiting") return undefined;
    return this.#state.waitingSince ??= now;
  }

  /** `id` reported its mute state. */
  setMedia(id: ParticipantId, media: MediaState): void {
    const seat = this.#state.seats[id];
    if (!seat) return;
    seat.media = { audio: media.audio, video: media.video };
    if (media.screen !== undefined) seat.media.screen = media.screen;
  }

  /** `from` sent an offer to `to`: the client's to the professional waits for an answer. */
  noteOffer(from: ParticipantId, to: ParticipantId): void {
    if (from === "client" && to === "pro") this.#state.offerWaiting = true;
  }

  /**
   * `from` answered `to`. Between the client and the professional, the call got going and no
   * offer waits any more: true then (the status may change), false for any other pair.
   */
  noteAnswer(from: ParticipantId, to: ParticipantId): boolean {
    const pair = [from, to].sort().join(" ");
    if (pair !== "client pro") return false;
    this.#state.answered = true;
    this.#state.callHappened = true;
    this.#state.offerWaiting = false;
    return true;
  }

  /** Holds `msg` (encoded as `text`) from `from` until `to` connects; false when full. */
  hold(from: ParticipantId, to: ParticipantId, msg: RelayedMessage, text: string): boolean {
    const held = hold(this.#state.held, this.#capacity, from, to, msg, text);
    if (held) this.#heldChanged();
    return held;
  }

  /**
   * Whether what `from` sends `to` may reach `to` now: clients and guests wait in the waiting
   * room until the professional is in, so between two of them nothing passes before the
   * professional has been in the room (it is held until then).
   */
  mayDeliver(from: ParticipantId, to: ParticipantId): boolean {
    return this.#state.professionalCame || from === "pro" || to === "pro";
  }

  /** What is held for `to` that may reach them now, in order, left held (see takeFor). */
  peekFor(to: ParticipantId): string[] {
    return framesFor(this.#state.held, to, (from) => this.mayDeliver(from, to));
  }

  /** Removes and returns, in order, what was held for `to` that may reach them now. */
  takeFor(to: ParticipantId): string[] {
    const taken = takeFor(this.#state.held, to, (from) => this.mayDeliver(from, to));
    if (taken.length > 0) this.#heldChanged();
    return taken;
  }

  /**
   * The rate limit of `id`'s seat: the first socket's (`offered`), handed to every later socket
   * of that seat while the room lasts, so a reconnect loop cannot refill it.
   */
  rateLimit(id: ParticipantId, offered: TokenBucket): TokenBucket {
    let bucket = this.#rateLimits.get(id);
    if (!bucket) this.#rateLimits.set(id, bucket = offered);
    return bucket;
  }

  /** Stops every grace timer (the hub is closing). */
  stopTimers(): void {
    for (const timer of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
  }

  /** Whether someone of `role` has a seat, present or kept. */
  #roleSeated(role: Role): boolean {
    return Object.values(this.#state.seats).some((s) => s.role === role);
  }

  #stopGraceTimer(id: ParticipantId): void {
    clearTimeout(this.#graceTimers.get(id));
    this.#graceTimers.delete(id);
  }

  #heldChanged(): void {
    this.#mirror?.changed(this.#state.appointmentId, this.#state.held);
    this.#onHeldChanged?.();
  }

  /** Forgets what `from` sent that is still held. */
  #dropFrom(from: ParticipantId): void {
    keep(this.#state.held, (h) => h.from !== from);
  }
}
