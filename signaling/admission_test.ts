import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { SqliteStore } from "../domain/sqlite_store.ts";
import { admitToCall } from "./admission.ts";
import { CloseCode, CloseReason } from "./protocol.ts";
import type { Participant } from "./hub_socket.ts";

const MIN = 60_000;

async function setup() {
  const store = new SqliteStore(":memory:");
  const pro = await store.createProfessional("Dr. Admit");
  const startsAt = Date.UTC(2030, 0, 1, 12);
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "Client",
    startsAt,
    durationMin: 30,
  });
  const client: Participant = {
    role: "client",
    appointmentId: appt.id,
    professionalId: pro.id,
    linkVersion: appt.linkVersion,
    expiresAt: startsAt + 120 * MIN,
  };
  return { store, appt, client, startsAt };
}

Deno.test("admitToCall: a client gets in only while the appointment is open, told why otherwise", async () => {
  const { store, appt, client, startsAt } = await setup();
  strictEqual(admitToCall(appt, client, startsAt).ok, true);
  const refusal = (now: number, a = appt, p = client) => {
    const r = admitToCall(a, p, now);
    return r.ok ? null : { code: r.code, reason: r.reason };
  };
  deepStrictEqual(refusal(startsAt - 60 * MIN), {
    code: CloseCode.POLICY,
    reason: CloseReason.NOT_OPEN_YET,
  });
  deepStrictEqual(refusal(startsAt + 24 * 60 * MIN), {
    code: CloseCode.ENDED,
    reason: CloseReason.ENDED,
  });
  // Completed within its window: only the professional's End for everyone does that, so a page
  // reconnecting just then hears the same reason as the pages that were connected.
  deepStrictEqual(refusal(startsAt, { ...appt, status: "completed" }), {
    code: CloseCode.ENDED,
    reason: CloseReason.ENDED_FOR_EVERYONE,
  });
  deepStrictEqual(refusal(startsAt + 24 * 60 * MIN, { ...appt, status: "completed" }), {
    code: CloseCode.ENDED,
    reason: CloseReason.ENDED,
  });
  deepStrictEqual(refusal(startsAt, { ...appt, status: "missed" }), {
    code: CloseCode.ENDED,
    reason: CloseReason.WINDOW_CLOSED,
  });
  deepStrictEqual(refusal(startsAt, { ...appt, status: "cancelled" }), {
    code: CloseCode.CANCELLED,
    reason: CloseReason.CANCELLED,
  });
  deepStrictEqual(refusal(startsAt, appt, { ...client, linkVersion: appt.linkVersion - 1 }), {
    code: CloseCode.REVOKED,
    reason: CloseReason.REVOKED,
  });
  store.close();
});

Deno.test("admitToCall: the professional's socket is not bound to the client's window, only to its end", async () => {
  const { store, appt, startsAt } = await setup();
  const pro: Participant = {
    role: "pro",
    professionalId: appt.professionalId,
    appointmentId: appt.id,
    expiresAt: startsAt + 24 * 60 * MIN,
  };
  strictEqual(admitToCall(appt, pro, startsAt - 60 * MIN).ok, true);
  const why = { completed: CloseReason.ENDED, missed: CloseReason.WINDOW_CLOSED };
  for (const status of ["completed", "missed"] as const) {
    const over = admitToCall({ ...appt, status }, pro, startsAt + 24 * 60 * MIN);
    deepStrictEqual(over.ok ? null : [over.code, over.reason], [
      CloseCode.ENDED,
      why[status],
    ], `${status}: ended for the professional too`);
  }
  const ended = admitToCall({ ...appt, status: "completed" }, pro, startsAt);
  deepStrictEqual(ended.ok ? null : ended.reason, CloseReason.ENDED_FOR_EVERYONE);
  const other = admitToCall(appt, { ...pro, professionalId: "someone-else" }, startsAt);
  strictEqual(other.ok, false);
  store.close();
});
