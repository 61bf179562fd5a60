/**
 * Harness setup, not the thing measured: creates professionals and appointments starting now
 * directly through the Store, and signs their session cookies with `signSession` and the run's
 * secret. Writes them to a fixtures file (mode 0600, in the run's private temp dir) that the load
 * client and the reference server read. Tokens never reach stdout or the results.
 */
import { type DatabaseSettings, openStore } from "../app/open_store.ts";
import { signSession } from "../domain/tokens.ts";
import { joinWindow } from "../domain/appointments.ts";
import { DEFAULT_LIMITS } from "../signaling/hub_limits.ts";

/**
 * Appointments per professional, each with one call socket open: as many as the hub lets one
 * professional hold at once (more are refused with 1008 and counted as failed handshakes).
 */
const APPOINTMENTS_PER_PRO = DEFAULT_LIMITS.socketsPerPro;
/** Long enough for the whole run to stay inside every join window. */
const DURATION_MIN = 240;

/** What the load client and the reference server need about one appointment. */
export interface FixtureAppointment {
  id: string;
  professionalId: string;
  professionalIndex: number;
  startsAt: number;
  durationMin: number;
  linkVersion: number;
  clientToken: string;
}

/** The fixtures file's content. */
export interface Fixtures {
  professionals: { id: string; token: string }[];
  appointments: FixtureAppointment[];
}

/**
 * Creates `count` appointments in `dataDir`'s store (PostgreSQL with `database`, for the
 * instances of the cluster bench) and writes `fixturesPath`.
 */
export async function createFixtures(
  dataDir: string,
  secret: Uint8Array,
  count: number,
  fixturesPath: string,
  database?: DatabaseSettings,
): Promise<Fixtures> {
  const store = await openStore(dataDir, database);
  const fixtures: Fixtures = { professionals: [], appointments: [] };
  const now = Date.now();
  const pros = Math.ceil(count / APPOINTMENTS_PER_PRO);
  /** One professional and their appointments (a round trip each: PostgreSQL is done in parallel). */
  const createPro = async (proIndex: number) => {
    const pro = await store.createProfessional(`Bench Professional ${proIndex + 1}`);
    const token = await signSession(secret, { kind: "pro-session", professionalId: pro.id });
    const appointments: FixtureAppointment[] = [];
    const last = Math.min(count, (proIndex + 1) * APPOINTMENTS_PER_PRO);
    for (let i = proIndex * APPOINTMENTS_PER_PRO; i < last; i++) {
      const appt = await store.createAppointment({
        professionalId: pro.id,
        clientName: `Bench Client ${i + 1}`,
        startsAt: now,
        durationMin: DURATION_MIN,
      });
      const clientToken = await signSession(secret, {
        kind: "client-session",
        appointmentId: appt.id,
        linkVersion: appt.linkVersion,
        linkExp: Math.floor(joinWindow(appt).closesAt / 1000),
      });
      appointments.push({
        id: appt.id,
        professionalId: pro.id,
        professionalIndex: proIndex,
        startsAt: appt.startsAt,
        durationMin: appt.durationMin,
        linkVersion: appt.linkVersion,
        clientToken,
      });
    }
    return { pro: { id: pro.id, token }, appointments };
  };
  try {
    const parallel = database ? 8 : 1;
    for (let p = 0; p < pros; p += parallel) {
      const batch = [];
      for (let q = p; q < Math.min(pros, p + parallel); q++) batch.push(createPro(q));
      for (const made of await Promise.all(batch)) {
        fixtures.professionals.push(made.pro);
        fixtures.appointments.push(...made.appointments);
      }
    }
  } finally {
    await store.close();
  }
  await Deno.writeTextFile(fixturesPath, JSON.stringify(fixtures), {
    mode: 0o600,
  });
  return fixtures;
}
