/** Contract cases: professionals, appointments, statuses, links, the audit trail. */
import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { instantCall, joinWindow } from "./appointments.ts";
import { NotFoundError } from "./store.ts";
import type { ContractTest } from "./store_contract.ts";

const T0 = Date.UTC(2030, 0, 15, 9, 0);

/** Registers the contract's appointmentsContract cases. */
export function appointmentsContract(test: ContractTest): void {
  test("professionals: create, get, list, count", async (open) => {
    const { store } = await open({ now: () => T0 });
    equal(await store.countProfessionals(), 0);
    const ada = await store.createProfessional("Dr. Ada Lovelace");
    const grace = await store.createProfessional("Grace Hopper");
    equal(await store.countProfessionals(), 2);
    deepEqual(await store.getProfessional(ada.id), ada);
    equal(await store.getProfessional("nope"), null);
    deepEqual((await store.listProfessionals()).map((p) => p.id).sort(), [ada.id, grace.id].sort());
    equal(ada.createdAt, T0);
  });

  test("appointments: create writes the row and its audit entry", async (open) => {
    const { store } = await open({ now: () => T0 });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: 'Charles, "Babbage"',
      startsAt: T0 + 3_600_000,
      durationMin: 30,
    });
    equal(appt.status, "scheduled");
    equal(appt.kind, "scheduled");
    equal(appt.linkVersion, 1);
    equal(appt.shareVersion, 1);
    deepEqual(await store.getAppointment(appt.id), appt);
    const trail = await store.listAudit(appt.id);
    equal(trail.length, 1);
    equal(trail[0].action, "appointment.created");
    equal(trail[0].professionalId, pro.id);
    equal(await store.getAppointment("missing"), null);
  });

  test("appointments: an unknown professional is refused by the foreign key", async (open) => {
    const { store } = await open({ now: () => T0 });
    await rejects(
      store.createAppointment({
        professionalId: "ghost",
        clientName: "X",
        startsAt: T0,
        durationMin: 30,
      }),
    );
  });

  test("appointments: listed earliest first, filtered by professional and start", async (open) => {
    const { store } = await open({ now: () => T0 });
    const ada = await store.createProfessional("Ada");
    const bob = await store.createProfessional("Bob");
    const make = (professionalId: string, offsetMin: number) =>
      store.createAppointment({
        professionalId,
        clientName: "C",
        startsAt: T0 + offsetMin * 60_000,
        durationMin: 15,
      });
    const late = await make(ada.id, 120);
    const early = await make(ada.id, -60);
    const mid = await make(ada.id, 30);
    await make(bob.id, 0);
    deepEqual((await store.listAppointments(ada.id)).map((a) => a.id), [early.id, mid.id, late.id]);
    deepEqual((await store.listAppointments(ada.id, T0)).map((a) => a.id), [mid.id, late.id]);
    deepEqual(await store.listAppointments("nobody"), []);
  });

  test("setStatus and revokeLink update the row and audit it", async (open) => {
    let now = T0;
    const { store } = await open({ now: () => now });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0,
      durationMin: 30,
    });
    now += 1000;
    const waiting = await store.setStatus(appt.id, "waiting", "client");
    equal(waiting.status, "waiting");
    equal(waiting.updatedAt, now);
    const revoked = await store.revokeLink(appt.id, "professional");
    equal(revoked.linkVersion, 2);
    equal(revoked.status, "waiting");
    await store.audit({ appointmentId: appt.id, actor: "system", action: "note" });
    const trail = await store.listAudit(appt.id);
    deepEqual(trail.map((e) => [e.actor, e.action, e.detail]), [
      ["professional", "appointment.created", null],
      ["client", "appointment.status", "scheduled -> waiting"],
      ["professional", "link.revoked", "link version 2"],
      ["system", "note", null],
    ]);
    await rejects(store.setStatus("missing", "waiting", "client"), NotFoundError);
    await rejects(store.revokeLink("missing", "client"), NotFoundError);
  });

  test("a status outside the six is refused by the CHECK constraint", async (open) => {
    const { store } = await open({ now: () => T0 });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0,
      durationMin: 30,
    });
    // deno-lint-ignore no-explicit-any
    await rejects(store.setStatus(appt.id, "lost" as any, "system"));
    equal((await store.getAppointment(appt.id))?.status, "scheduled");
  });

  test("transactions: a failing audit insert rolls back the whole change", async (open) => {
    const { store, breakAudit } = await open({ now: () => T0, shared: true });
    const pro = await store.createProfessional("Ada", { email: "ada@example.com" });
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0,
      durationMin: 30,
      clientEmail: "c@example.com",
    });

    const restore = await breakAudit();
    await rejects(
      store.createAppointment({
        professionalId: pro.id,
        clientName: "D",
        startsAt: T0,
        durationMin: 5,
      }),
      /forced/,
    );
    await rejects(store.setStatus(appt.id, "cancelled", "professional"), /forced/);
    await rejects(store.cancelAppointment(appt.id, "professional", "Ill today."), /forced/);
    await rejects(store.revokeLink(appt.id, "professional"), /forced/);
    await rejects(store.reschedule(appt.id, T0 + 60_000, 45, "professional"), /forced/);
    await rejects(store.setClientEmail(appt.id, null, "professional"), /forced/);
    await rejects(store.bumpSessionVersion(pro.id), /forced/);
    await rejects(store.deactivateProfessional(pro.id), /forced/);
    await rejects(store.setProfessionalEmail(pro.id, "other@example.com"), /forced/);
    await rejects(store.createSignInLink(pro.id, "h1", T0 + 60_000), /forced/);
    await restore();

    deepEqual(await store.listAppointments(pro.id), [appt], "nothing half-written");
    deepEqual(await store.getProfessional(pro.id), pro);
    deepEqual(await store.claimSignInLink("h1", T0), { ok: false, reason: "unknown" });
    equal((await store.listAudit(appt.id)).length, 1);
    // The store is still usable after a rollback.
    equal((await store.setStatus(appt.id, "waiting", "client")).status, "waiting");
    equal((await store.listAudit(appt.id)).length, 2);
  });

  test("audit: repeats with collapseWithinMs share one row per window, with a count", async (open) => {
    let now = T0;
    const { store } = await open({ now: () => now });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0,
      durationMin: 30,
    });
    const refusal = (detail: string) => ({
      appointmentId: appt.id,
      professionalId: pro.id,
      actor: "system" as const,
      action: "link.rejected",
      detail,
      collapseWithinMs: 600_000,
    });
    for (let i = 0; i < 3000; i++) {
      now = T0 + i; // all within the first window
      await store.audit(refusal("revoked"));
    }
    await store.audit(refusal("expired")); // another reason: its own row
    await store.audit({ ...refusal("revoked"), collapseWithinMs: undefined }); // not collapsible
    now = T0 + 600_000; // the next window
    await store.audit(refusal("revoked"));
    const trail = await store.listAudit(appt.id);
    deepEqual(trail.map((e) => [e.action, e.detail, e.count, e.at - T0, e.lastAt - T0]), [
      ["appointment.created", null, 1, 0, 0],
      ["link.rejected", "revoked", 3000, 0, 2999],
      ["link.rejected", "expired", 1, 2999, 2999],
      ["link.rejected", "revoked", 1, 2999, 2999],
      ["link.rejected", "revoked", 1, 600_000, 600_000],
    ]);
  });

  test("audit: listAuditPage gives newest-first pages and the total", async (open) => {
    const { store } = await open({ now: () => T0 });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0,
      durationMin: 30,
    });
    for (let i = 1; i <= 11; i++) {
      await store.audit({ appointmentId: appt.id, actor: "system", action: `note ${i}` });
    }
    const first = await store.listAuditPage(appt.id, { offset: 0, limit: 5 });
    equal(first.total, 12);
    deepEqual(first.entries.map((e) => e.action), [
      "note 11",
      "note 10",
      "note 9",
      "note 8",
      "note 7",
    ]);
    const last = await store.listAuditPage(appt.id, { offset: 10, limit: 5 });
    deepEqual(last.entries.map((e) => e.action), ["note 1", "appointment.created"]);
    deepEqual((await store.listAuditPage(appt.id, { offset: 20, limit: 5 })).entries, []);
    deepEqual(await store.listAuditPage("none", { offset: 0, limit: 5 }), {
      entries: [],
      total: 0,
    });
  });

  test("instant calls: no client name, their own share version, stopped with an audit row", async (open) => {
    const { store } = await open({ now: () => T0 });
    const pro = await store.createProfessional("Ada");
    const call = await store.createAppointment(instantCall(pro.id, T0));
    equal(call.kind, "instant");
    equal(call.clientName, "");
    deepEqual(await store.getAppointment(call.id), call);
    const stopped = await store.revokeShareLink(call.id, "professional");
    equal(stopped.shareVersion, 2);
    equal(stopped.linkVersion, 1);
    deepEqual((await store.listAudit(call.id)).map((e) => [e.action, e.detail]), [
      ["appointment.created", "instant call"],
      ["share_link.revoked", "share version 2"],
    ]);
    await rejects(store.revokeShareLink("missing", "professional"), NotFoundError);
    // The schema keeps the two kinds honest: a scheduled appointment needs a name, an instant
    // call has none.
    await rejects(store.createAppointment({ ...instantCall(pro.id, T0), clientName: "Ada" }));
    await rejects(
      store.createAppointment({
        professionalId: pro.id,
        clientName: "",
        startsAt: T0,
        durationMin: 5,
      }),
    );
  });

  test("endAfterWindow: missed or completed once the window closed, never over a final status", async (open) => {
    let now = T0;
    const { store } = await open({ now: () => now });
    const pro = await store.createProfessional("Ada");
    const make = () =>
      store.createAppointment({
        professionalId: pro.id,
        clientName: "C",
        startsAt: T0,
        durationMin: 30,
      });
    const nobody = await make();
    const met = await make();
    const cancelled = await make();
    await store.setStatus(cancelled.id, "cancelled", "professional");

    equal((await store.endAfterWindow(nobody.id, false)).status, "scheduled", "window still open");
    now = joinWindow(nobody).closesAt;
    const missed = await store.endAfterWindow(nobody.id, false);
    equal(missed.status, "missed");
    equal(missed.updatedAt, now);
    equal((await store.endAfterWindow(met.id, true)).status, "completed");
    equal((await store.endAfterWindow(cancelled.id, false)).status, "cancelled");
    equal((await store.endAfterWindow(nobody.id, true)).status, "missed", "final stays final");
    deepEqual((await store.listAudit(nobody.id)).map((e) => [e.actor, e.action, e.detail]), [
      ["professional", "appointment.created", null],
      ["system", "appointment.status", "scheduled -> missed (window closed)"],
    ]);
    equal((await store.listAudit(cancelled.id)).length, 2);
    await rejects(store.endAfterWindow("missing", false), NotFoundError);
  });

  test("listOpenAfterWindow: not final, window closed, each with whether a call happened", async (open) => {
    const { store } = await open({ now: () => T0 });
    const pro = await store.createProfessional("Ada");
    const make = (startsAt: number) =>
      store.createAppointment({
        professionalId: pro.id,
        clientName: "C",
        startsAt,
        durationMin: 30,
      });
    const nobody = await make(T0);
    const met = await make(T0 + 1);
    const later = await make(T0 + 60 * 60_000);
    const cancelled = await make(T0);
    const done = await make(T0);
    await store.setStatus(met.id, "in_call", "professional", "waiting -> in_call (answer relayed)");
    await store.setStatus(met.id, "scheduled", "client", "in_call -> scheduled (client left)");
    await store.setStatus(cancelled.id, "cancelled", "professional");
    await store.setStatus(done.id, "completed", "professional");
    const closesAt = joinWindow({ startsAt: T0 + 1, durationMin: 30 }).closesAt;

    deepEqual(await store.listOpenAfterWindow(closesAt - 2), [], "every window still open");
    const found = await store.listOpenAfterWindow(closesAt);
    deepEqual(found.map((w) => [w.appointment.id, w.callHappened]), [
      [nobody.id, false],
      [met.id, true],
    ], "window closed, not final; later and final ones left out");
    equal(found[1].appointment.status, "scheduled");
    equal((await store.listOpenAfterWindow(closesAt + 60 * 60_000)).length, 3, "then later's too");
    deepEqual(later.status, "scheduled");
  });

  test("appointments: cancel keeps the reason for the client, and only says so in the audit", async (open) => {
    const { store } = await open({ now: () => T0 });
    const pro = await store.createProfessional("Dr. Cancel");
    const input = { professionalId: pro.id, clientName: "C", startsAt: 1, durationMin: 30 };
    const [a, b] = [await store.createAppointment(input), await store.createAppointment(input)];
    const cancelled = await store.cancelAppointment(a.id, "professional", "I am ill today.");
    equal(cancelled.status, "cancelled");
    equal(cancelled.cancelReason, "I am ill today.");
    equal((await store.getAppointment(a.id))?.cancelReason, "I am ill today.");
    equal((await store.cancelAppointment(b.id, "professional", "")).cancelReason, "");
    const details = (await store.listAudit(a.id)).map((e) => e.detail ?? "");
    ok(details.includes("scheduled -> cancelled (with a reason)"));
    ok(!details.some((d) => d.includes("ill")), "the reason is not in the audit trail");
    ok((await store.listAudit(b.id)).some((e) => e.detail === "scheduled -> cancelled"));
  });

  test("appointments: the client's language, the booking page's until the client's own", async (open) => {
    const { store } = await open({ now: () => T0 });
    const pro = await store.createProfessional("Dr. Idioma");
    const input = {
      professionalId: pro.id,
      clientName: "C",
      startsAt: T0 + 30 * 60_000,
      durationMin: 30,
    };
    const plain = await store.createAppointment(input);
    equal(plain.clientLocale, "en", "English unless said otherwise");
    const booked = await store.createAppointment({
      ...input,
      clientEmail: "c@example.org",
      clientLocale: "es",
    });
    equal(booked.clientLocale, "es");
    equal((await store.getAppointment(booked.id))?.clientLocale, "es");
    await store.setClientLocale(booked.id, "fr");
    equal((await store.getAppointment(booked.id))?.clientLocale, "fr");
    const due = await store.listDueReminders(T0, 60 * 60_000);
    equal(due.find((a) => a.id === booked.id)?.clientLocale, "fr", "the reminder sees it");
    equal((await store.getAppointment(plain.id))?.clientLocale, "en", "the other one untouched");
  });
}
