/**
 * Call sockets in their appointments' rooms: taking a seat (new, resumed within the grace period,
 * or taken over from an older socket), keeping it while a dropped socket may come back, and giving
 * it up; with what the others in the room and the dashboards are told each time.
 */
import type { Appointment } from "../domain/store.ts";
import type { HubLimits } from "./hub_limits.ts";
import type { Socket } from "./hub_socket.ts";
import type { LiveStatus } from "./live_status.ts";
import type { HubCounters } from "./hub_counters.ts";
import type { PeerMessage, RosterMessage } from "./protocol.ts";
import type { HeldMirror } from "./held_messages.ts";
import { Room } from "./room.ts";
import type { ParticipantId } from "./room_state.ts";
import { welcomeToRoom } from "./welcome.ts";

/**
 * How a seated socket leaves: its seat kept for the grace period (the others hear "away" now, and
 * "left" only if it does not come back), or given up at once, telling the others or not.
 */
export type Departure = "keep" | "announce" | "silent";

/** What {@linkcode Seating} needs from the hub. */
export interface SeatingOptions {
  limits: HubLimits;
  status: LiveStatus<Socket>;
  counters: HubCounters;
  /** The professional took their seat in `room` (the guests waiting there are let in). */
  professionalSeated(room: Room<Socket>): void;
  /** `previous` lost its seat to a newer socket of the same participant: close it. */
  replaced(previous: Socket): void;
  /** Where rooms keep their held messages besides (`REDIS_URL`). */
  heldMirror?: HeldMirror;
  /** What `room` holds changed. */
  heldChanged?(room: Room<Socket>): void;
}

/** The hub's rooms, by appointment id, and the seats in them. */
export class Seating {
  readonly #rooms = new Map<string, Room<Socket>>();
  readonly #options: SeatingOptions;

  constructor(options: SeatingOptions) {
    this.#options = options;
  }

  /** The open rooms. */
  get rooms(): Iterable<Room<Socket>> {
    return this.#rooms.values();
  }

  /** How many rooms are open. */
  get size(): number {
    return this.#rooms.size;
  }

  /** The open room of `appointmentId`. */
  room(appointmentId: string): Room<Socket> | undefined {
    return this.#rooms.get(appointmentId);
  }

  /**
   * Seats `s` in `appointment`'s room (opening it if needed) under `name`, welcomes it, hands it
   * what was held for it, and tells the others of a new arrival (and everyone the new roster).
   * `professionalName` is shown to the client and guests.
   */
  seat(
    s: Socket,
    appointment: Appointment,
    name: string,
    professionalName?: string,
    label?: string,
  ): void {
    const { limits, status } = this.#options;
    let room = this.#rooms.get(appointment.id);
    if (!room) {
      const opened: Room<Socket> = new Room(
        appointment.id,
        appointment.professionalId,
        appointment.status,
        { messages: limits.roomBuffer, bytes: limits.roomBufferBytes },
        this.#options.heldMirror,
        () => this.#options.heldChanged?.(opened),
      );
      room = opened;
      this.#rooms.set(appointment.id, room);
    }
    const id = s.participantId;
    s.seatIn(room);
    const seated = room.seat(id, s.role, name, s, label);
    // The newer tab takes the seat: no "left" to the others, no status flap.
    if (seated.kind === "replaced") this.#options.replaced(seated.previous);
    s.bucket = room.rateLimit(id, s.bucket);
    s.send(welcomeToRoom(id, s.role, appointment, room, professionalName));
    this.#deliverHeld(room, id);
    // The professional's arrival lets the waiting people meet: what they sent each other waits
    // no longer (their negotiations were made ready while they waited).
    if (id === "pro") { for (const other of room.othersOf(id)) this.#deliverHeld(room, other); }
    // New, or back within the grace period (a blip, a reload) after the others heard "away": they
    // hear "joined". Taking a seat over from another tab says nothing: the others never heard it
    // go, and the new tab shows up to them as a new offer (another DTLS fingerprint).
    if (seated.kind !== "replaced") {
      this.#tellOthers(room, id, { type: "peer", id, state: "joined" });
    }
    this.sendRoster(room, id);
    status.reconcile(room, s.role, `${id} joined`);
    if (id === "pro") this.#options.professionalSeated(room);
  }

  /** Sends `id`'s socket, if connected, what was held for it that may reach it now. */
  #deliverHeld(room: Room<Socket>, id: ParticipantId): void {
    const socket = room.socketOf(id);
    if (!socket) return;
    for (const text of room.takeFor(id)) {
      socket.send(text);
      this.#options.counters.relayed();
    }
  }

  /** `s`, seated in `room`, is gone; nothing happens if a newer socket took its seat over. */
  leave(s: Socket, room: Room<Socket>, departure: Departure): void {
    const id = s.participantId;
    if (!room.holds(id, s)) return;
    if (departure === "keep") {
      const timer = setTimeout(() => this.vacate(room, id, true), this.#options.limits.graceMs);
      room.keepSeat(id, timer);
      this.#tellOthers(room, id, { type: "peer", id, state: "away" });
      this.sendRoster(room);
    } else {
      this.vacate(room, id, departure === "announce");
    }
  }

  /**
   * Gives up `id`'s seat in `room`: tells the others it left if `announce`, updates the status,
   * and closes the room once nobody has a seat in it.
   */
  vacate(room: Room<Socket>, id: ParticipantId, announce: boolean): void {
    const seat = room.vacate(id);
    if (!seat) return;
    if (announce) this.#tellOthers(room, id, { type: "peer", id, state: "left" });
    this.sendRoster(room);
    this.#options.status.reconcile(room, seat.role, `${id} left`);
    if (room.empty) this.#rooms.delete(room.appointmentId);
  }

  /** Gives up, without a word, the seats of `room` kept for dropped sockets (the call is over). */
  vacateKeptSeats(room: Room<Socket>): void {
    for (const id of room.keptSeats()) this.vacate(room, id, false);
  }

  /** Stops every room's grace timers (the hub is closing). */
  stopTimers(): void {
    for (const room of this.#rooms.values()) room.stopTimers();
  }

  /**
   * Sends the room's roster to everyone connected in it (but `except`, who has it in its
   * welcome).
   */
  sendRoster(room: Room<Socket>, except?: ParticipantId): void {
    const msg: RosterMessage = { type: "roster", participants: room.roster() };
    for (const id of room.othersOf(except ?? "")) room.socketOf(id)?.send(msg);
  }

  #tellOthers(room: Room<Socket>, id: ParticipantId, msg: PeerMessage): void {
    for (const other of room.othersOf(id)) room.socketOf(other)?.send(msg);
  }
}
