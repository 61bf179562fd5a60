/**
 * A hub over a store (the real SQLite one, in memory, unless given) with two professionals and
 * one appointment each, and a fake clock, for the hub's unit tests.
 */
import { SqliteStore } from "../../domain/sqlite_store.ts";
import type { Appointment, AppointmentStatus, Store } from "../../domain/store.ts";
import { Hub, type HubLimits, type Participant } from "../hub.ts";
import { RecordingConnection } from "./recording_connection.ts";

const HOUR = 3_600_000;

export interface Fixture {
  store: Store;
  hub: Hub;
  clock: { t: number };
  appt: Appointment;
  other: Appointment;
  proId: string;
  strangerId: string;
  client(appointment?: Appointment): Participant;
  pro(appointmentId: string | null, professionalId?: string): Participant;
  /** A professional's standby call socket (seated on `join`). */
  standby(appointmentId: string, professionalId?: string): Participant;
}

/** The fixture; `store` defaults to the real SQLite store in memory, on the fixture's clock. */
export async function setup(
  limits: Partial<HubLimits> = {},
  given?: Store,
): Promise<Fixture> {
  const clock = { t: 1_000_000 };
  const store = given ?? new SqliteStore(":memory:", () => clock.t);
  const pro = await store.createProfessional("Dr. Ada");
  const stranger = await store.createProfessional("Dr. Eve");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "Grace Client",
    startsAt: clock.t,
    durationMin: 30,
  });
  const other = await store.createAppointment({
    professionalId: stranger.id,
    clientName: "Other Client",
    startsAt: clock.t,
    durationMin: 30,
  });
  const hub = new Hub({
    store,
    now: () => clock.t,
    limits: { sweepEveryMs: 0, graceMs: 0, windowCheckEveryMs: 0, ...limits },
  });
  return {
    store,
    hub,
    clock,
    appt,
    other,
    proId: pro.id,
    strangerId: stranger.id,
    client: (a = appt) => ({
      role: "client",
      appointmentId: a.id,
      professionalId: a.professionalId,
      linkVersion: a.linkVersion,
      expiresAt: clock.t + HOUR,
    }),
    pro: (appointmentId, professionalId = pro.id) => ({
      role: "pro",
      appointmentId,
      professionalId,
      expiresAt: clock.t + HOUR,
    }),
    standby: (appointmentId, professionalId = pro.id) => ({
      role: "pro",
      appointmentId,
      professionalId,
      standby: true,
      expiresAt: clock.t + HOUR,
    }),
  };
}

export async function join(hub: Hub, p: Participant) {
  const conn = new RecordingConnection();
  const session = await hub.connect(conn, p);
  return { conn, session };
}

export async function storedStatus(f: Fixture): Promise<AppointmentStatus | undefined> {
  await f.hub.settled();
  return (await f.store.getAppointment(f.appt.id))?.status;
}

/** Candidate `n` as sent to `to`. */
export const ice = (n: number, to: string) => ({
  type: "ice" as const,
  to,
  candidate: { candidate: `candidate:${n}` },
});

/** Candidate `n` as relayed from `from`. */
export const iceFrom = (n: number, from: string) => ({
  type: "ice" as const,
  from,
  candidate: { candidate: `candidate:${n}` },
});

/**
 * Waits until an `end` (or a window check) sent so far has had its effect: its store write, then
 * the sockets closed right after it.
 */
export async function ended(f: Pick<Fixture, "hub">): Promise<void> {
  await f.hub.settled();
  await new Promise((r) => setTimeout(r, 0));
}
