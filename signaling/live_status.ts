/**
 * Appointment status as the hub keeps it live: moved by presence (who is connected, whether the
 * call got going), shown on the professional's open dashboards, and persisted in the background,
 * one write at a time per appointment.
 */
import type { Actor, AppointmentStatus, Store } from "../domain/store.ts";
import { encode, type StatusMessage } from "./protocol.ts";
import { Dashboards, type TextSink } from "./dashboards.ts";
import { nextStatus, type Room, type Side } from "./room.ts";
import { WriteQueue } from "./write_queue.ts";

const ACTOR: Record<Side, Actor> = { client: "client", pro: "professional" };

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

  /** Moves the status where presence says it should be, and tells the dashboards. */
  reconcile(room: Room<S>, side: Side, detail: string): void {
    const status = nextStatus(
      room.status,
      room.members.client !== undefined,
      room.members.pro !== undefined,
      room.answered,
    );
    if (status !== room.status) this.set(room, status, side, detail);
    else this.broadcast(room);
  }

  /**
   * Sets the live status now (`side` did it) and persists it in the background, one write at
   * a time per appointment. A status the store holds as final (completed or
   * cancelled elsewhere) wins over a presence-derived one.
   */
  set(room: Room<S>, status: AppointmentStatus, side: Side, detail: string): void {
    if (room.status === status) return;
    room.status = status;
    this.broadcast(room);
    const id = room.appointmentId;
    this.#writes.run(id, "setStatus", async () => {
      const stored = await this.#store.getAppointment(id);
      if (!stored || stored.status === status) return;
      if (
        stored.status === "cancelled" || (stored.status === "completed" && status !== "completed")
      ) {
        room.status = stored.status;
        this.broadcast(room);
        return;
      }
      await this.#store.setStatus(id, status, ACTOR[side], detail);
    });
  }

  /** The status message of `room`, as its dashboards get it. */
  statusOf(room: Room<S>): StatusMessage {
    const msg: StatusMessage = {
      type: "status",
      appointmentId: room.appointmentId,
      status: room.status,
      clientPresent: room.members.client !== undefined,
      at: this.#now(),
    };
    if (room.media.client) msg.clientMedia = room.media.client;
    if (room.offerWaiting) msg.offerWaiting = true;
    return msg;
  }

  /** Sends `room`'s status to its professional's dashboards. */
  broadcast(room: Room<S>): void {
    if (!this.dashboards.has(room.professionalId)) return;
    this.dashboards.send(room.professionalId, encode(this.statusOf(room)));
  }
}
