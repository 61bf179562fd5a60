/** Contract cases: the client's address, moving appointments, reminders claimed once. */
import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { AppointmentOverError, NotFoundError } from "./store.ts";
import type { ContractTest, Open } from "./store_contract.ts";

const T0 = Date.UTC(2030, 0, 1, 9, 0);
const HOUR = 3_600_000;

/** Registers the contract's invitationsContract cases. */
export function invitationsContract(test: ContractTest): void {
  async function withAppointment(open: Open, email: string | null = "grace@example.com", at = T0) {
    let now = at;
    const { store } = await open({ now: () => now });
    const pro = await store.createProfessional("Dr. Ada", { email: "ada@example.com" });
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "Grace",
      startsAt: T0 + 2 * HOUR,
      durationMin: 30,
      clientEmail: email,
    });
    return { store, appt, setNow: (ms: number) => now = ms };
  }

  test("the client's address is kept, changed and cleared; the audit never holds it", async (open) => {
    const { store, appt } = await withAppointment(open, null);
    equal(appt.clientEmail, null);
    equal(
      (await store.setClientEmail(appt.id, "g@example.com", "professional")).clientEmail,
      "g@example.com",
    );
    equal((await store.setClientEmail(appt.id, null, "professional")).clientEmail, null);
    const audit = await store.listAudit(appt.id);
    deepEqual(audit.map((e) => e.action).slice(-2), ["client.email_set", "client.email_cleared"]);
    ok(audit.every((e) => !(e.detail ?? "").includes("@")), "no address in the trail");
    await rejects(store.setClientEmail("nope", null, "professional"), NotFoundError);
  });

  test("reschedule moves it, raises the calendar sequence, makes the reminder due again", async (open) => {
    const { store, appt } = await withAppointment(open);
    equal(appt.calendarSequence, 0);
    ok(await store.claimReminder(appt.id, T0));
    const moved = await store.reschedule(appt.id, T0 + 5 * HOUR, 45, "professional");
    deepEqual(
      [moved.startsAt, moved.durationMin, moved.calendarSequence, moved.reminderSentAt],
      [T0 + 5 * HOUR, 45, 1, null],
    );
    const last = (await store.listAudit(appt.id)).at(-1)!;
    equal(last.action, "appointment.rescheduled");
    equal(last.detail, "2030-01-01T11:00:00.000Z 30 min -> 2030-01-01T14:00:00.000Z 45 min");
    equal((await store.reschedule(appt.id, T0 + 6 * HOUR, 45, "professional")).calendarSequence, 2);
    await store.setStatus(appt.id, "cancelled", "professional");
    await rejects(
      store.reschedule(appt.id, T0 + 7 * HOUR, 45, "professional"),
      AppointmentOverError,
    );
    equal((await store.getAppointment(appt.id))!.startsAt, T0 + 6 * HOUR, "nothing half-written");
  });

  test("due reminders: scheduled, with an address, unclaimed, starting within the lead", async (open) => {
    const { store, appt } = await withAppointment(open);
    const none = await withAppointment(open, null);
    deepEqual(await store.listDueReminders(T0, HOUR), [], "two hours ahead: not yet");
    deepEqual((await store.listDueReminders(T0 + HOUR, HOUR)).map((a) => a.id), [appt.id]);
    deepEqual(await none.store.listDueReminders(T0 + HOUR, HOUR), [], "no address: no reminder");
    ok(await store.claimReminder(appt.id, T0 + HOUR));
    ok(!await store.claimReminder(appt.id, T0 + HOUR), "claimed once only");
    deepEqual(await store.listDueReminders(T0 + HOUR, HOUR), []);
    deepEqual(await store.listDueReminders(T0 + 3 * HOUR, HOUR), [], "started: too late");
  });

  test("two stores claiming one reminder at once: exactly one claim wins", async (open) => {
    const { store: a, another } = await open({ shared: true });
    const b = await another();
    const pro = await a.createProfessional("Ada", { email: "ada@example.com" });
    const appt = await a.createAppointment({
      professionalId: pro.id,
      clientName: "Grace",
      startsAt: Date.now() + HOUR,
      durationMin: 30,
      clientEmail: "grace@example.com",
    });
    const now = Date.now();
    const won = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).claimReminder(appt.id, now)),
    );
    equal(won.filter(Boolean).length, 1);
    equal((await b.getAppointment(appt.id))?.reminderSentAt, now);
  });
}
