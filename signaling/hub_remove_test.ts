/**
 * "Remove from the call" in the hub, on the real SQLite store: the professional removes a guest
 * (taken off the appointment, their socket closed with 4004 at once, the others see them go)
 * or the client (their link replaced, 4004); everyone else, and anything but someone on the
 * appointment, gets a non-fatal error; a failed store write changes nothing.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { Guest } from "../domain/store.ts";
import { SqliteStore } from "../domain/sqlite_store.ts";
import type { Participant } from "./hub.ts";
import { CloseCode, encode } from "./protocol.ts";
import { type Fixture, join, setup } from "./testing/hub_fixture.ts";
import { withFailures } from "./testing/failing_store.ts";

const HOUR = 3_600_000;
const tick = () => new Promise((r) => setTimeout(r, 0));

function guestOf(f: Fixture, g: Guest): Participant {
  return {
    role: "guest",
    appointmentId: g.appointmentId,
    professionalId: f.proId,
    guestId: g.id,
    linkVersion: g.linkVersion,
    expiresAt: f.clock.t + HOUR,
  };
}

/** The participant ids `s` last heard of (its welcome, then each roster). */
function idsSeenBy(s: Awaited<ReturnType<typeof join>>): string[] {
  const lists = s.conn.messages.filter((m) => m.type === "welcome" || m.type === "roster")
    .map((m) => (m as { participants: { id: string }[] }).participants.map((p) => p.id));
  return (lists.at(-1) ?? []).sort();
}

/** The professional, the client and an invited guest, all seated. */
async function threeInCall(f: Fixture) {
  const maria = await f.store.addGuest(
    { appointmentId: f.appt.id, name: "Maria", role: "interpreter", origin: "invited" },
    8,
  );
  const guest = await join(f.hub, guestOf(f, maria));
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  await tick();
  deepStrictEqual(idsSeenBy(pro), ["client", "guest:" + maria.id, "pro"].sort());
  return { maria, guest, client, pro };
}

Deno.test("hub: the professional removes a guest: 4004 at once, taken off, the others see them go", async () => {
  const f = await setup();
  const { maria, guest, client, pro } = await threeInCall(f);
  pro.session.receive(encode({ type: "remove", id: `guest:${maria.id}` }));
  await tick();
  strictEqual(guest.conn.closeCode, CloseCode.REVOKED);
  ok((await f.store.getGuest(f.appt.id, maria.id))?.removedAt, "taken off the appointment");
  for (const s of [pro, client]) {
    ok(!idsSeenBy(s).includes(`guest:${maria.id}`), "gone from the roster");
  }
  strictEqual(pro.conn.ofType("error").length, 0);
  strictEqual(pro.conn.closeCode, undefined);
});

Deno.test("hub: the professional removes the client: their link is replaced, 4004", async () => {
  const f = await setup();
  const { client, pro } = await threeInCall(f);
  const before = (await f.store.getAppointment(f.appt.id))!.linkVersion;
  pro.session.receive(encode({ type: "remove", id: "client" }));
  await tick();
  strictEqual(client.conn.closeCode, CloseCode.REVOKED);
  strictEqual((await f.store.getAppointment(f.appt.id))!.linkVersion, before + 1);
});

Deno.test("hub: only the professional removes, only someone on the appointment, never themselves", async () => {
  const f = await setup();
  const { maria, guest, client, pro } = await threeInCall(f);
  client.session.receive(encode({ type: "remove", id: `guest:${maria.id}` }));
  pro.session.receive(encode({ type: "remove", id: "pro" }));
  pro.session.receive(encode({ type: "remove", id: "guest:nobody-here" }));
  await tick();
  deepStrictEqual(client.conn.ofType("error").map((e) => e.code), ["not_allowed"]);
  deepStrictEqual(pro.conn.ofType("error").map((e) => e.code), [
    "not_allowed",
    "unknown_participant",
  ]);
  strictEqual(guest.conn.closeCode, undefined, "nobody was removed");
  strictEqual(client.conn.closeCode, undefined);
  strictEqual((await f.store.getGuest(f.appt.id, maria.id))?.removedAt, null);
});

Deno.test("hub: a failed store write on remove changes nothing and says so", async () => {
  const failing = withFailures(new SqliteStore(":memory:", () => 1_000_000));
  const f = await setup({}, failing.store);
  const { maria, guest, pro } = await threeInCall(f);
  failing.fail("removeGuest", new Error("disk full"));
  pro.session.receive(encode({ type: "remove", id: `guest:${maria.id}` }));
  await tick();
  await tick();
  deepStrictEqual(pro.conn.ofType("error").map((e) => e.code), ["remove_failed"]);
  strictEqual(guest.conn.closeCode, undefined, "still in the call");
  failing.heal();
  strictEqual((await f.store.getGuest(f.appt.id, maria.id))?.removedAt, null);
});
