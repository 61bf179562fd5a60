import { deepEqual, equal, match, ok } from "node:assert/strict";
import { instantCall, joinWindow } from "./appointments.ts";
import {
  type GuestAccess,
  resolveGuestLink,
  resolveGuestSession,
  resolveShareLink,
  resolveShareSession,
  type ShareAccess,
} from "./guest_links.ts";
import { LINK_REJECTED, REFUSAL_AUDIT_WINDOW_MS } from "./link_refusal.ts";
import { SqliteStore } from "./sqlite_store.ts";
import type { Appointment, Guest } from "./store.ts";
import { signClientLink, signGuestLink, signSession, signShareLink } from "./tokens.ts";

const SECRET = new TextEncoder().encode("guest-links-test-secret-32-bytes-or-more");
const NOW = Date.UTC(2030, 2, 3, 14, 0);
const S = (ms: number) => Math.floor(ms / 1000);

async function fixture() {
  const store = new SqliteStore(":memory:", () => NOW);
  const ada = await store.createProfessional("Dr. Ada Lovelace");
  const appt = await store.createAppointment({
    professionalId: ada.id,
    clientName: "Charles",
    startsAt: NOW + 10 * 60_000,
    durationMin: 30,
  });
  const call = await store.createAppointment(instantCall(ada.id, NOW));
  const maria = await store.addGuest(
    { appointmentId: appt.id, name: "Maria", role: "interpreter", origin: "invited" },
    4,
  );
  return { store, ada, appt, call, maria };
}

/** The appointment's refusal rows: [actor, detail, count]. */
async function refusals(store: SqliteStore, appointmentId: string) {
  return (await store.listAudit(appointmentId))
    .filter((e) => e.action === LINK_REJECTED)
    .map((e) => [e.actor, e.detail, e.count]);
}

function refused(r: GuestAccess | ShareAccess, status: number, reason: string) {
  ok(!r.ok, `expected ${reason}, got access`);
  equal(r.reason, reason);
  equal(r.status, status);
  ok(r.message.length > 20);
  ok(!r.message.includes("Maria"), "the message never names the guest");
  return r;
}

function guestSession(appt: Appointment, guest: Guest, linkVersion = guest.linkVersion) {
  return signSession(SECRET, {
    kind: "guest-session",
    appointmentId: appt.id,
    guestId: guest.id,
    linkVersion,
    linkExp: S(joinWindow(appt).closesAt),
  }, NOW);
}

Deno.test("guest link: happy path gives appointment, professional and guest; audits nothing", async () => {
  const { store, ada, appt, maria } = await fixture();
  const token = await signGuestLink(SECRET, appt, maria, NOW);
  const r = await resolveGuestLink(store, SECRET, token, { now: NOW });
  ok(r.ok);
  deepEqual([r.appointment.id, r.professional.id, r.guest.id, r.claims.gid], [
    appt.id,
    ada.id,
    maria.id,
    maria.id,
  ]);
  // Early is fine, as for a client: the page shows "opens at…".
  ok((await resolveGuestLink(store, SECRET, token, { now: NOW - 86_400_000 })).ok);
  deepEqual(await refusals(store, appt.id), []);
  store.close();
});

Deno.test("guest link: revoked, then removed, then declined each say so, audited with the kind", async () => {
  const { store, appt, maria } = await fixture();
  const old = await signGuestLink(SECRET, appt, maria, NOW);
  const renewed = await store.revokeGuestLink(appt.id, maria.id, "professional");
  const revoked = refused(await resolveGuestLink(store, SECRET, old, { now: NOW }), 410, "revoked");
  match(revoked.message, /Ask Dr\. Ada Lovelace for the new link/);
  const current = await signGuestLink(SECRET, appt, renewed, NOW);
  ok((await resolveGuestLink(store, SECRET, current, { now: NOW })).ok);

  await store.removeGuest(appt.id, maria.id, "professional", "removed");
  const removed = refused(
    await resolveGuestLink(store, SECRET, current, { now: NOW }),
    410,
    "removed",
  );
  match(removed.message, /You were removed from this call/);
  // Also the old link says "removed" now, not "replaced": the removal is what matters.
  refused(await resolveGuestLink(store, SECRET, old, { now: NOW }), 410, "removed");
  deepEqual(await refusals(store, appt.id), [
    ["system", "guest-link: revoked", 1],
    ["system", "guest-link: removed", 2],
  ]);
  store.close();
});

Deno.test("guest link: another appointment's token, an unknown guest, a client link", async () => {
  const { store, appt, call, maria } = await fixture();
  const token = await signGuestLink(SECRET, appt, maria, NOW);
  refused(
    await resolveGuestLink(store, SECRET, token, { now: NOW, expectedAppointmentId: call.id }),
    401,
    "wrong_appointment",
  );
  const ghost = await signGuestLink(SECRET, appt, { id: "ghost", linkVersion: 1 }, NOW);
  refused(await resolveGuestLink(store, SECRET, ghost, { now: NOW }), 401, "unknown_guest");
  // A guest of one appointment presented for another is unknown there.
  const moved = await signGuestLink(SECRET, call, maria, NOW);
  refused(await resolveGuestLink(store, SECRET, moved, { now: NOW }), 401, "unknown_guest");
  const client = await signClientLink(SECRET, appt, NOW);
  refused(await resolveGuestLink(store, SECRET, client, { now: NOW }), 401, "wrong_kind");
  refused(
    await resolveGuestLink(store, SECRET, token, { now: joinWindow(appt).closesAt + 1000 }),
    410,
    "expired",
  );
  store.close();
});

Deno.test("guest link with requireOpen: not open yet, cancelled, ended", async () => {
  const { store, appt, maria } = await fixture();
  const token = await signGuestLink(SECRET, appt, maria, NOW);
  const early = refused(
    await resolveGuestLink(store, SECRET, token, { now: NOW - 86_400_000, requireOpen: true }),
    401,
    "not_open_yet",
  );
  match(early.message, /has not opened yet/);
  ok((await resolveGuestLink(store, SECRET, token, { now: NOW, requireOpen: true })).ok);
  await store.setStatus(appt.id, "completed", "professional");
  refused(
    await resolveGuestLink(store, SECRET, token, { now: NOW, requireOpen: true }),
    410,
    "ended",
  );
  await store.setStatus(appt.id, "cancelled", "professional");
  refused(
    await resolveGuestLink(store, SECRET, token, { now: NOW, requireOpen: true }),
    410,
    "cancelled",
  );
  ok((await resolveGuestLink(store, SECRET, token, { now: NOW })).ok, "without requireOpen");
  store.close();
});

Deno.test("guest session: follows the guest row; a declined visitor gets the polite message", async () => {
  const { store, call } = await fixture();
  const visitor = await store.addGuest(
    { appointmentId: call.id, name: "Maria", role: "other", origin: "visitor" },
    4,
  );
  const cookie = await guestSession(call, visitor);
  const r = await resolveGuestSession(store, SECRET, cookie, { now: NOW });
  ok(r.ok);
  equal(r.guest.origin, "visitor");
  await store.removeGuest(call.id, visitor.id, "professional", "declined");
  const declined = refused(
    await resolveGuestSession(store, SECRET, cookie, { now: NOW }),
    410,
    "declined",
  );
  match(declined.message, /Sorry, you were not let into this call/);
  // A missing cookie is an ordinary visit: refused, not audited.
  const none = await resolveGuestSession(store, SECRET, undefined, { now: NOW });
  ok(!none.ok);
  equal(none.reason, "empty");
  deepEqual(await refusals(store, call.id), [["system", "guest-session: declined", 1]]);
  store.close();
});

Deno.test("guest session: a link is not a session, and a revoked version ends it", async () => {
  const { store, appt, maria } = await fixture();
  const link = await signGuestLink(SECRET, appt, maria, NOW);
  refused(await resolveGuestSession(store, SECRET, link, { now: NOW }), 401, "wrong_kind");
  const cookie = await guestSession(appt, maria);
  ok((await resolveGuestSession(store, SECRET, cookie, { now: NOW })).ok);
  await store.revokeGuestLink(appt.id, maria.id, "professional");
  refused(await resolveGuestSession(store, SECRET, cookie, { now: NOW }), 410, "revoked");
  // The call socket only identifies (anyLinkVersion): the hub closes a withdrawn one itself.
  const socket = await resolveGuestSession(store, SECRET, cookie, {
    now: NOW,
    anyLinkVersion: true,
  });
  ok(socket.ok);
  equal(socket.claims.v, 1);
  await store.removeGuest(appt.id, maria.id, "professional", "removed");
  const anyVersion = { now: NOW, anyLinkVersion: true };
  refused(await resolveGuestSession(store, SECRET, cookie, anyVersion), 410, "removed");
  store.close();
});

Deno.test("share link: open instant call resolves; stopped, ended and cancelled are refused", async () => {
  const { store, ada, call } = await fixture();
  const token = await signShareLink(SECRET, call, NOW);
  const r = await resolveShareLink(store, SECRET, token, { now: NOW });
  ok(r.ok);
  deepEqual([r.appointment.id, r.professional.id, r.claims.v], [call.id, ada.id, 1]);

  const stopped = await store.revokeShareLink(call.id, "professional");
  const revoked = refused(
    await resolveShareLink(store, SECRET, token, { now: NOW }),
    410,
    "revoked",
  );
  match(revoked.message, /link was stopped/);
  const fresh = await signShareLink(SECRET, stopped, NOW);
  ok((await resolveShareLink(store, SECRET, fresh, { now: NOW })).ok);
  await store.setStatus(call.id, "completed", "professional");
  refused(await resolveShareLink(store, SECRET, fresh, { now: NOW }), 410, "ended");
  await store.setStatus(call.id, "cancelled", "professional");
  refused(await resolveShareLink(store, SECRET, fresh, { now: NOW }), 410, "cancelled");
  refused(
    await resolveShareLink(store, SECRET, fresh, { now: joinWindow(call).closesAt + 1 }),
    410,
    "expired",
  );
  deepEqual((await refusals(store, call.id)).map(([, detail]) => detail), [
    "share-link: revoked",
    "share-link: ended",
    "share-link: cancelled",
    "share-link: expired",
  ]);
  store.close();
});

Deno.test("share link: only for instant calls; repeats collapse into one audit row", async () => {
  const { store, appt } = await fixture();
  // Signed for a scheduled appointment (which never shows one): the wrong kind of link.
  const token = await signShareLink(SECRET, appt, NOW);
  for (let i = 0; i < 5; i++) {
    refused(await resolveShareLink(store, SECRET, token, { now: NOW }), 401, "wrong_kind");
  }
  const rows = (await store.listAudit(appt.id)).filter((e) => e.action === LINK_REJECTED);
  deepEqual(rows.map((e) => [e.detail, e.count]), [["share-link: wrong_kind", 5]]);
  equal(REFUSAL_AUDIT_WINDOW_MS, 600_000);
  store.close();
});

Deno.test("share session: follows the share version", async () => {
  const { store, call } = await fixture();
  const cookie = await signSession(SECRET, {
    kind: "share-session",
    appointmentId: call.id,
    shareVersion: call.shareVersion,
    linkExp: S(joinWindow(call).closesAt),
  }, NOW);
  ok((await resolveShareSession(store, SECRET, cookie, { now: NOW })).ok);
  const link = await signShareLink(SECRET, call, NOW);
  refused(await resolveShareSession(store, SECRET, link, { now: NOW }), 401, "wrong_kind");
  await store.revokeShareLink(call.id, "professional");
  refused(await resolveShareSession(store, SECRET, cookie, { now: NOW }), 410, "revoked");
  store.close();
});
