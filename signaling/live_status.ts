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

const ACTOR: Record<Role, Actor> = { client: "client", pro: "professional" };

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
    s.send(encode({ type: "welcome", role: "pro", appointment: null, peer: { present: false } }));
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
      if (
        stored.status === "cancelled" || stored.status === "missed" ||
        (stored.status === "completed" && status !== "completed")
      ) {
        room.setStatus(stored.status);
        this.broadcast(room);
        return;
      }
      await this.#store.setStatus(id, status, ACTOR[by], detail);
    });
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
    return msg;
  }

  /** Sends `room`'s status to its professional's dashboards. */
  broadcast(room: Room<S>): void {
    if (!this.dashboards.has(room.professionalId)) return;
    this.dashboards.send(room.professionalId, encode(this.statusOf(room)));
  }
}
