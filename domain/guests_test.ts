import { deepEqual, equal, match, ok } from "node:assert/strict";
import { instantCall, joinWindow } from "./appointments.ts";
import { addVisitor, checkGuestRole, guestLabel, inviteGuest, MAX_ROLE_CHARS } from "./guests.ts";
import { SqliteStore } from "./sqlite_store.ts";

const NOW = Date.UTC(2030, 0, 15, 9, 0);
const limits = { maxParticipants: 4, now: NOW };

async function fixture() {
  const store = new SqliteStore(":memory:", () => NOW);
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "Charles",
    startsAt: NOW,
    durationMin: 30,
  });
  const call = await store.createAppointment(instantCall(pro.id, NOW));
  return { store, appt, call };
}

Deno.test("checkGuestRole: the professional's words, with the rules of a name", () => {
  deepEqual(checkGuestRole("  family member "), { ok: true, value: "family member" });
  deepEqual(checkGuestRole("Ada's mother"), { ok: true, value: "Ada's mother" });
  const empty = checkGuestRole("  ");
  ok(!empty.ok && /who the guest is/.test(empty.error));
  const long = checkGuestRole("x".repeat(MAX_ROLE_CHARS + 1));
  ok(!long.ok && /role to 40 characters/.test(long.error));
  ok(checkGuestRole("x".repeat(MAX_ROLE_CHARS)).ok);
  const hidden = checkGuestRole("interpreter\u200B");
  ok(!hidden.ok && /role contains an invisible/.test(hidden.error));
  equal(guestLabel({ name: "Maria", role: "interpreter" }), "Maria (interpreter)");
});

Deno.test("inviteGuest: a valid form adds an invited guest with the trimmed name", async () => {
  const { store, appt } = await fixture();
  const r = await inviteGuest(store, appt, { name: "  Maria ", role: "interpreter" }, limits);
  ok(r.ok);
  deepEqual([r.guest.name, r.guest.role, r.guest.origin], ["Maria", "interpreter", "invited"]);
  store.close();
});

Deno.test("inviteGuest: name and role errors at once, values echoed, nothing stored", async () => {
  const { store, appt } = await fixture();
  const form = { name: "Ada\u202E", role: " " };
  const r = await inviteGuest(store, appt, form, limits);
  ok(!r.ok);
  match(r.errors.name ?? "", /invisible or text-direction/);
  match(r.errors.role ?? "", /say who the guest is/);
  deepEqual(r.values, form);
  deepEqual(await store.listGuests(appt.id), []);
  store.close();
});

Deno.test("inviteGuest: a full call is an error on the name field", async () => {
  const { store, appt } = await fixture();
  ok((await inviteGuest(store, appt, { name: "One", role: "family" }, limits)).ok);
  ok((await inviteGuest(store, appt, { name: "Two", role: "colleague" }, limits)).ok);
  const r = await inviteGuest(store, appt, { name: "Three", role: "other" }, limits);
  ok(!r.ok);
  match(r.errors.name ?? "", /already has 4 people \(you, Charles and the guests\)/);
  equal((await store.listGuests(appt.id)).length, 2);
  store.close();
});

Deno.test("inviteGuest: not to a cancelled or finished appointment", async () => {
  const { store, appt } = await fixture();
  const cancelled = await store.setStatus(appt.id, "cancelled", "professional");
  const r = await inviteGuest(store, cancelled, { name: "Maria", role: "family" }, limits);
  ok(!r.ok);
  match(r.errors.name ?? "", /was cancelled/);
  const over = await inviteGuest(store, appt, { name: "Maria", role: "family" }, {
    maxParticipants: 4,
    now: joinWindow(appt).closesAt,
  });
  ok(!over.ok);
  match(over.errors.name ?? "", /is over/);
  store.close();
});

Deno.test("addVisitor: knocks add pending visitors until the call is full", async () => {
  const { store, call } = await fixture();
  for (const name of ["A", "B", "C"]) {
    const k = await addVisitor(store, call, name, limits);
    ok(k.ok);
    deepEqual([k.guest.origin, k.guest.role, k.guest.admittedAt], ["visitor", "guest", null]);
  }
  const full = await addVisitor(store, call, "D", limits);
  ok(!full.ok);
  equal(full.reason, "full");
  match(full.message, /This call is full: it already has 4 people/);
  const badName = await addVisitor(store, call, "   ", limits);
  ok(!badName.ok);
  equal(badName.reason, "name");
  const late = await addVisitor(store, call, "E", {
    maxParticipants: 8,
    now: joinWindow(call).closesAt,
  });
  ok(!late.ok);
  equal(late.reason, "closed");
  equal((await store.listGuests(call.id)).length, 3);
  store.close();
});
