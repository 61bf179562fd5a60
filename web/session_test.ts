/**
 * `identifySocket` and `authenticateSocket` on guest sessions, with the real SQLite store: the
 * identify step the signaling side will seat guests from, and today's filter that keeps them
 * out of a hub that cannot seat them yet.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import { SqliteStore } from "../domain/sqlite_store.ts";
import { signSession } from "../domain/tokens.ts";
import type { Hub } from "../signaling/hub.ts";
import { setAppContext } from "../app/app_context.ts";
import { loadConfig } from "../app/config.ts";
import { authenticateSocket, GUEST_COOKIE, identifySocket } from "./session.ts";

const SECRET = crypto.getRandomValues(new Uint8Array(32));

async function world() {
  const store = new SqliteStore(":memory:");
  setAppContext({
    config: loadConfig({}),
    store,
    secret: SECRET,
    // Identifying reads sessions and the store only; no hub is involved.
    hub: {} as Hub,
    baseUrl: "http://localhost:8000",
    secure: false,
  });
  const pro = await store.createProfessional("Ada");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "Charles",
    startsAt: Date.now(),
    durationMin: 30,
  });
  const maria = await store.addGuest(
    { appointmentId: appt.id, name: "Maria", role: "interpreter", origin: "invited" },
    4,
  );
  const session = await signSession(SECRET, {
    kind: "guest-session",
    appointmentId: appt.id,
    guestId: maria.id,
    linkVersion: maria.linkVersion,
    linkExp: Math.floor(Date.now() / 1000) + 3600,
  });
  const socket = (path: string) =>
    new Request(`http://localhost:8000${path}`, {
      headers: { cookie: `${GUEST_COOKIE}=${session}` },
    });
  return { store, pro, appt, maria, socket };
}

Deno.test("identifySocket: a guest session on /ws?role=guest is a guest participant", async () => {
  const { store, pro, appt, maria, socket } = await world();
  const who = await identifySocket(socket("/ws?role=guest"));
  ok(who !== null && who.role === "guest");
  deepEqual(
    [who.appointmentId, who.professionalId, who.guestId, who.linkVersion],
    [appt.id, pro.id, maria.id, 1],
  );
  ok(who.expiresAt > Date.now());
  equal(
    (await authenticateSocket(socket("/ws?role=guest")))?.role,
    "guest",
    "the hub seats guests",
  );
  equal(await identifySocket(socket("/ws?role=client")), null, "not a client's session");
  equal(await identifySocket(new Request("http://localhost:8000/ws?role=guest")), null);
  store.close();
});

Deno.test("identifySocket: a withdrawn link is identified (the hub closes it), a removed guest is not", async () => {
  const { store, appt, maria, socket } = await world();
  await store.revokeGuestLink(appt.id, maria.id, "professional");
  const who = await identifySocket(socket("/ws?role=guest"));
  ok(who?.role === "guest");
  equal(who.linkVersion, 1, "the session's version, older than the guest's 2");
  await store.removeGuest(appt.id, maria.id, "professional", "removed");
  equal(await identifySocket(socket("/ws?role=guest")), null);
  store.close();
});
