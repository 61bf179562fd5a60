import { equal, ok } from "node:assert/strict";
import { instantCall } from "./appointments.ts";
import { resolveJoinLink } from "./join_link.ts";
import { SqliteStore } from "./sqlite_store.ts";
import { signClientLink, signGuestLink, signProLink, signShareLink } from "./tokens.ts";

const SECRET = new TextEncoder().encode("join-link-test-secret-of-32-bytes-or-more");
const NOW = Date.UTC(2030, 2, 3, 14, 0);

Deno.test("resolveJoinLink picks the resolver by kind; anything else is a client link", async () => {
  const store = new SqliteStore(":memory:", () => NOW);
  const ada = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: ada.id,
    clientName: "Charles",
    startsAt: NOW,
    durationMin: 30,
  });
  const call = await store.createAppointment(instantCall(ada.id, NOW));
  const maria = await store.addGuest(
    { appointmentId: appt.id, name: "Maria", role: "family", origin: "invited" },
    4,
  );

  const client = await resolveJoinLink(store, SECRET, await signClientLink(SECRET, appt, NOW), {
    now: NOW,
  });
  equal(client.link, "client-link");
  ok(client.access.ok);

  const guest = await resolveJoinLink(
    store,
    SECRET,
    await signGuestLink(SECRET, appt, maria, NOW),
    { now: NOW },
  );
  equal(guest.link, "guest-link");
  ok(guest.link === "guest-link" && guest.access.ok && guest.access.guest.id === maria.id);

  const share = await resolveJoinLink(store, SECRET, await signShareLink(SECRET, call, NOW), {
    now: NOW,
  });
  equal(share.link, "share-link");
  ok(share.access.ok);

  for (const token of [null, "", "garbage", await signProLink(SECRET, ada.id, NOW)]) {
    const r = await resolveJoinLink(store, SECRET, token, { now: NOW });
    equal(r.link, "client-link");
    ok(!r.access.ok);
  }
  store.close();
});

Deno.test("resolveJoinLink: a forged kind claim decides nothing; the resolver still verifies", async () => {
  const store = new SqliteStore(":memory:", () => NOW);
  const forged = await signGuestLink(
    new TextEncoder().encode("another-secret-nobody-here-knows-32-bytes"),
    { id: "a", startsAt: NOW, durationMin: 30 },
    { id: "g", linkVersion: 1 },
    NOW,
  );
  const r = await resolveJoinLink(store, SECRET, forged, { now: NOW });
  equal(r.link, "guest-link");
  ok(!r.access.ok);
  equal(r.access.reason, "bad_signature");
  store.close();
});
