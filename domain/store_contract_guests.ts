/** Contract cases: guests, seats, admitting and removing. */
import { deepEqual, equal, match, notEqual, ok, rejects } from "node:assert/strict";
import { instantCall } from "./appointments.ts";
import { type NewGuest, NotFoundError, ParticipantLimitError } from "./store.ts";
import type { ContractTest, Open } from "./store_contract.ts";

const T0 = Date.UTC(2030, 0, 15, 9, 0);

/** Registers the contract's guestsContract cases. */
export function guestsContract(test: ContractTest): void {
  async function fixture(open: Open, now = () => T0) {
    const { store } = await open({ now });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment({
      professionalId: pro.id,
      clientName: "Charles",
      startsAt: T0,
      durationMin: 30,
    });
    const guest = (name: string, extra: Partial<NewGuest> = {}): NewGuest => ({
      appointmentId: appt.id,
      name,
      role: "interpreter",
      origin: "invited",
      ...extra,
    });
    return { store, pro, appt, guest };
  }

  test("addGuest: a random URL-safe id, version 1, not admitted; listed and read back", async (open) => {
    const { store, appt, guest } = await fixture(open);
    const maria = await store.addGuest(guest("Maria"), 4);
    match(maria.id, /^[A-Za-z0-9_-]{22}$/);
    deepEqual({ ...maria, id: "x" }, {
      id: "x",
      appointmentId: appt.id,
      name: "Maria",
      role: "interpreter",
      origin: "invited",
      linkVersion: 1,
      admittedAt: null,
      createdAt: T0,
      updatedAt: T0,
      removedAt: null,
      removal: null,
    });
    deepEqual(await store.getGuest(appt.id, maria.id), maria);
    deepEqual(await store.listGuests(appt.id), [maria]);
    equal(await store.getGuest("other-appointment", maria.id), null, "only in its own appointment");
    equal(await store.getGuest(appt.id, "nope"), null);
    await rejects(store.addGuest({ ...guest("X"), appointmentId: "missing" }, 4), NotFoundError);
  });

  test("addGuest: professional + client + guests never pass the limit; removing frees a seat", async (open) => {
    const { store, appt, guest } = await fixture(open);
    const first = await store.addGuest(guest("One"), 4);
    await store.addGuest(guest("Two", { role: "family" }), 4);
    await rejects(store.addGuest(guest("Three"), 4), (err: unknown) => {
      ok(err instanceof ParticipantLimitError);
      equal(err.limit, 4);
      return true;
    });
    equal((await store.listGuests(appt.id)).length, 2);
    await store.removeGuest(appt.id, first.id, "professional", "removed");
    const three = await store.addGuest(guest("Three"), 4);
    deepEqual((await store.listGuests(appt.id)).map((g) => g.name), ["Two", "Three"]);
    // A lower limit (a restart with MAX_PARTICIPANTS=2) admits nobody new but keeps who is there.
    await rejects(store.addGuest(guest("Four"), 2), ParticipantLimitError);
    notEqual(await store.getGuest(appt.id, three.id), null);
  });

  test("addGuest: an instant call seats the professional and visitors, pending ones counted", async (open) => {
    const { store, pro } = await fixture(open);
    const call = await store.createAppointment(instantCall(pro.id, T0));
    const visitor = (name: string): NewGuest => ({
      appointmentId: call.id,
      name,
      role: "other",
      origin: "visitor",
    });
    for (const name of ["A", "B", "C"]) await store.addGuest(visitor(name), 4);
    await rejects(store.addGuest(visitor("D"), 4), ParticipantLimitError);
    deepEqual((await store.listAudit(call.id)).map((e) => [e.actor, e.action]), [
      ["professional", "appointment.created"],
      ["guest", "guest.added"],
      ["guest", "guest.added"],
      ["guest", "guest.added"],
    ]);
  });

  test("addGuest: two stores adding at once never pass the limit", async (open) => {
    const { store: a, another } = await open({ now: () => T0, shared: true });
    const b = await another();
    const pro = await a.createProfessional("Ada");
    const appt = await a.createAppointment(instantCall(pro.id, T0));
    const v = (name: string): NewGuest => ({
      appointmentId: appt.id,
      name,
      role: "other",
      origin: "visitor",
    });
    await a.addGuest(v("A"), 4);
    // Two seats left (the professional and A hold two of four); thirty visitors knock at once.
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).addGuest(v(`V${i}`), 4)),
    );
    equal(results.filter((r) => r.status === "fulfilled").length, 2);
    ok(
      results.every((r) => r.status === "fulfilled" || r.reason instanceof ParticipantLimitError),
      "the others are refused for the limit, not by an error",
    );
    equal((await b.listGuests(appt.id)).length, 3);
  });

  test("revoke, admit and remove: versions, times and audit rows without names", async (open) => {
    let now = T0;
    const { store, appt, guest } = await fixture(open, () => now);
    const maria = await store.addGuest(guest("Maria Secretname"), 4);
    now += 1000;
    const revoked = await store.revokeGuestLink(appt.id, maria.id, "professional");
    equal(revoked.linkVersion, 2);
    equal(revoked.updatedAt, now);
    now += 1000;
    const admitted = await store.admitGuest(appt.id, maria.id, "professional");
    equal(admitted.admittedAt, now);
    now += 1000;
    deepEqual(await store.admitGuest(appt.id, maria.id, "system"), admitted, "only the first time");
    const removed = await store.removeGuest(appt.id, maria.id, "professional", "removed");
    deepEqual([removed.removedAt, removed.removal, removed.linkVersion], [now, "removed", 3]);
    equal(removed.admittedAt, admitted.admittedAt);
    deepEqual(await store.removeGuest(appt.id, maria.id, "professional", "declined"), removed);
    deepEqual(await store.listGuests(appt.id), []);
    deepEqual(await store.getGuest(appt.id, maria.id), removed, "still readable, to say why");
    await rejects(store.admitGuest(appt.id, maria.id, "professional"), NotFoundError);
    await rejects(store.revokeGuestLink(appt.id, maria.id, "professional"), NotFoundError);
    await rejects(store.removeGuest("other", maria.id, "professional", "removed"), NotFoundError);

    const trail = await store.listAudit(appt.id);
    deepEqual(trail.map((e) => [e.actor, e.action, e.detail]), [
      ["professional", "appointment.created", null],
      ["professional", "guest.added", `guest ${maria.id}: invited`],
      ["professional", "guest.link_revoked", `guest ${maria.id}: link version 2`],
      ["professional", "guest.admitted", `guest ${maria.id}`],
      ["professional", "guest.removed", `guest ${maria.id}: removed`],
    ]);
    ok(trail.every((e) => !(e.detail ?? "").includes("Maria")), "no name in the audit trail");
    ok(trail.every((e) => !(e.detail ?? "").includes("interpreter")), "no free-text role either");
  });

  test("guest changes roll back with a failing audit insert", async (open) => {
    const { store, breakAudit } = await open({ now: () => T0, shared: true });
    const pro = await store.createProfessional("Ada");
    const appt = await store.createAppointment(instantCall(pro.id, T0));
    const g = await store.addGuest(
      { appointmentId: appt.id, name: "V", role: "other", origin: "visitor" },
      4,
    );
    const restore = await breakAudit();
    await rejects(
      store.addGuest({ appointmentId: appt.id, name: "W", role: "other", origin: "visitor" }, 4),
      /forced/,
    );
    await rejects(store.revokeGuestLink(appt.id, g.id, "professional"), /forced/);
    await rejects(store.admitGuest(appt.id, g.id, "professional"), /forced/);
    await rejects(store.removeGuest(appt.id, g.id, "professional", "declined"), /forced/);
    await rejects(store.revokeShareLink(appt.id, "professional"), /forced/);
    await restore();
    deepEqual(await store.listGuests(appt.id), [g]);
    equal((await store.getAppointment(appt.id))?.shareVersion, 1);
  });
}
