/**
 * Appointment status as the hub keeps it live: moved by presence (who is connected, whether the
 * call got going), shown on the professional's open dashboards, and persisted in the background,
 * one write at a time per appointment.
 */
import type { Actor, AppointmentStatus, Store } from "../domain/store.ts";
import { encode, type StatusMessage } from "./protocol.ts";
import { Dashboards, type TextSink } from "./dashboards.ts";
import type { Room } from "./room.ts";
import type { Role } from "./room_state.ts";
import { WriteQueue } from "./write_queue.ts";
import { isFinalStatus } from "../domain/appointments.ts";

const ACTOR: Record<Role, Actor> = { client: "client", pro: "professional", guest: "guest" };

/**
 * The audit detail of a status the hub writes: the move first, as the store writes it by default
 * (`listOpenAfterWindow` finds the calls that happened by their "-> in_call"), then why.
 */
function auditDetail(from: AppointmentStatus, to: AppointmentStatus, why: string): string {
  return `${from} -> ${to} (${why})`;
}

/** Live status of the hub's rooms; `S` is the hub's socket type. */
export class LiveStatus<S extends TextSink> {
  /** The professionals' open dashboard sockets. */
  readonly dashboards = new Dashboards<S>();
  readonly #store: Store;
  readonly #now: () => number;
  readonly #writes: WriteQueue;

  constructor(
    store: Store,
    now: () => number,
    onStoreError: (op: string, appointmentId: string, err: unknown) => void,
  ) {
    this.#store = store;
    this.#now = now;
    this.#writes = new WriteQueue(onStoreError);
  }

  /** Resolves once every store write started so far has finished. */
  settled(): Promise<void> {
    return this.#writes.settled();
  }

  /**
   * A professional's dashboard socket opened: registers it and sends it the welcome and the
   * status of each of `rooms` that is theirs.
   */
  openDashboard(professionalId: string, s: S, rooms: Iterable<Room<S>>): void {
    this.dashboards.add(professionalId, s);
    s.send(encode({ type: "welcome", role: "pro", id: null, appointment: null, participants: [] }));
    for (const room of rooms) {
      if (room.professionalId === professionalId) s.send(encode(this.statusOf(room)));
    }
  }

  /** Moves the status where presence says it should be, and tells the dashboards. */
  reconcile(room: Room<S>, by: Role, detail: string): void {
    const status = room.statusFromPresence();
    if (status !== room.status) this.set(room, status, by, detail);
    else this.broadcast(room);
  }

  /**
   * Sets the live status now (`by` did it) and persists it in the background, one write at
   * a time per appointment. A status the store holds as final (completed, missed or
   * cancelled elsewhere) wins over a presence-derived one.
   */
  set(room: Room<S>, status: AppointmentStatus, by: Role, detail: string): void {
    if (!room.setStatus(status)) return;
    this.broadcast(room);
    const id = room.appointmentId;
    this.#writes.run(id, "setStatus", async () => {
      const stored = await this.#store.getAppointment(id);
      if (!stored || stored.status === status) return;
      if (isFinalStatus(stored.status)) {
        room.setStatus(stored.status);
        this.broadcast(room);
        return;
      }
      await this.#store.setStatus(
        id,
        status,
        ACTOR[by],
        auditDetail(stored.status, status, detail),
      );
    });
  }

  /**
   * Writes "completed" for `appointmentId` (the professional ended it for everyone), after the
   * appointment's earlier writes; resolves true once the store has it (or already had a final
   * status), false when the write failed. The live status is not touched: the caller shows it
   * once this resolved true (see {@linkcode show}).
   */
  complete(appointmentId: string, detail: string): Promise<boolean> {
    return this.#writes.run(appointmentId, "setStatus", async () => {
      const stored = await this.#store.getAppointment(appointmentId);
      if (!stored) throw new Error("appointment gone");
      if (isFinalStatus(stored.status)) return;
      const text = auditDetail(stored.status, "completed", detail);
      await this.#store.setStatus(appointmentId, "completed", "professional", text);
    });
  }

  /** Shows `status`, already in the store, on the dashboards: nothing is written. */
  show(room: Room<S>, status: AppointmentStatus): void {
    if (room.setStatus(status)) this.broadcast(room);
  }

  /**
   * Tells `professionalId`'s dashboards that `appointmentId` has `status` now (in the store
   * already) when it has no open room to take the status from.
   */
  announce(professionalId: string, appointmentId: string, status: AppointmentStatus): void {
    if (!this.dashboards.has(professionalId)) return;
    const msg: StatusMessage = {
      type: "status",
      appointmentId,
      status,
      clientPresent: false,
      at: this.#now(),
    };
    this.dashboards.send(professionalId, encode(msg));
  }

  /** The status message of `room`, as its dashboards get it. */
  statusOf(room: Room<S>): StatusMessage {
    const msg: StatusMessage = {
      type: "status",
      appointmentId: room.appointmentId,
      status: room.status,
      clientPresent: room.isPresent("client"),
      at: this.#now(),
    };
    const clientMedia = room.mediaOf("client");
    if (clientMedia) msg.clientMedia = clientMedia;
    if (room.offerWaiting) msg.offerWaiting = true;
    const waitingSince = room.waitingSince(msg.at);
    if (waitingSince !== undefined) msg.waitingSince = waitingSince;
    return msg;
  }

  /** Sends `room`'s status to its professional's dashboards. */
  broadcast(room: Room<S>): void {
    if (!this.dashboards.has(room.professionalId)) return;
    this.dashboards.send(room.professionalId, encode(this.statusOf(room)));
  }
}
