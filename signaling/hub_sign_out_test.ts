/**
 * "Sign out everywhere" in the hub, on the real SQLite store: every socket of the professional's
 * sessions from before (dashboard, call and standby sockets) is closed at once with 4009, the call
 * socket's seat is given up (the client hears the professional left, the appointment stays open);
 * a session signed in afterwards, another professional's sockets and the client's stay.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { CloseCode, CloseReason } from "./protocol.ts";
import type { Participant } from "./hub.ts";
import { join, setup } from "./testing/hub_fixture.ts";

/** `p`, a professional's socket, from a session of `sessionVersion`. */
const at = (p: Participant, sessionVersion: number): Participant =>
  p.role === "pro" ? { ...p, sessionVersion } : p;

Deno.test("hub: sign out everywhere closes the professional's older sockets with 4009", async () => {
  const f = await setup({ graceMs: 60_000 });
  const client = await join(f.hub, f.client());
  const dashboard = await join(f.hub, at(f.pro(null), 1));
  const call = await join(f.hub, at(f.pro(f.appt.id), 1));
  const standby = await join(f.hub, at(f.standby(f.appt.id), 1));
  const unversioned = await join(f.hub, f.pro(null)); // a session from before versions: 1
  const newer = await join(f.hub, at(f.pro(null), 2));
  const stranger = await join(f.hub, at(f.pro(null, f.strangerId), 1));
  client.conn.drain();

  f.hub.signOutEverywhere(f.proId, 2);
  for (const c of [dashboard, call, standby, unversioned]) {
    strictEqual(c.conn.closeCode, CloseCode.SIGNED_OUT);
    strictEqual(c.conn.closeReason, CloseReason.SIGNED_OUT);
  }
  for (const c of [newer, stranger, client]) strictEqual(c.conn.closeCode, undefined);
  // No grace: the professional's seat is given up at once; the appointment stays open.
  deepStrictEqual(client.conn.ofType("peer").at(-1), { type: "peer", id: "pro", state: "left" });
  deepStrictEqual(client.conn.rosters().at(-1)?.map((p) => p.id), ["client"]);
  strictEqual((await f.store.getAppointment(f.appt.id))?.status !== "completed", true);
  await f.hub.close();
});

Deno.test("hub: a call socket of a session from before a sign out everywhere is refused with 4009", async () => {
  const f = await setup();
  // The store has the new version (the route wrote it) while this socket was on its way in.
  await f.store.bumpSessionVersion(f.proId);
  const late = await join(f.hub, at(f.pro(f.appt.id), 1));
  strictEqual(late.conn.closeCode, CloseCode.SIGNED_OUT);
  strictEqual(late.conn.ofType("welcome").length, 0);
  const current = await join(f.hub, at(f.pro(f.appt.id), 2));
  strictEqual(current.conn.ofType("welcome")[0]?.id, "pro");
  await f.hub.close();
});
