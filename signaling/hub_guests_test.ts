/**
 * Guests in the hub: seated with their own ids and names, refused when removed or their link was
 * withdrawn (4004, also while connected), a fifth participant refused (4007), sockets counted per
 * guest, and an instant call's visitor not let in knocking (hub_knock_test.ts).
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import type { Guest } from "../domain/store.ts";
import type { Participant } from "./hub.ts";
import { CloseCode, CloseReason, encode } from "./protocol.ts";
import { type Fixture, join, setup } from "./testing/hub_fixture.ts";

const HOUR = 3_600_000;

function guestOf(f: Fixture, g: Guest, linkVersion = g.linkVersion): Participant {
  return {
    role: "guest",
    appointmentId: g.appointmentId,
    professionalId: f.proId,
    guestId: g.id,
    linkVersion,
    expiresAt: f.clock.t + HOUR,
  };
}

/**
 * Invited guests the professional has let in before, so they take their seat at once whenever
 * they arrive (knocking has tests of its own: hub_knock_test.ts).
 */
async function guests(f: Fixture, ...names: string[]): Promise<Guest[]> {
  const out = [];
  for (const name of names) {
    const g = await f.store.addGuest(
      { appointmentId: f.appt.id, name, role: "Interpreter", origin: "invited" },
      8,
    );
    out.push(await f.store.admitGuest(f.appt.id, g.id, "professional"));
  }
  return out;
}

Deno.test("hub: four people in one room, each addressed by id; the roster names them all", async () => {
  const f = await setup();
  const [maria, tom] = await guests(f, "Maria", "Tom");
  const pro = await join(f.hub, f.pro(f.appt.id));
  const client = await join(f.hub, f.client());
  const g1 = await join(f.hub, guestOf(f, maria));
  const g2 = await join(f.hub, guestOf(f, tom));
  const welcome = g2.conn.ofType("welcome")[0];
  strictEqual(welcome.id, `guest:${tom.id}`);
  strictEqual(welcome.role, "guest");
  strictEqual(welcome.appointment?.professionalName, "Dr. Ada");
  strictEqual(welcome.appointment?.clientName, undefined);
  deepStrictEqual(welcome.participants.map((p) => [p.id, p.role, p.name]), [
    ["pro", "pro", "Dr. Ada"],
    ["client", "client", "Grace Client"],
    [`guest:${maria.id}`, "guest", "Maria"],
    [`guest:${tom.id}`, "guest", "Tom"],
  ]);
  deepStrictEqual(pro.conn.rosters().at(-1)?.length, 4);
  for (const c of [pro, client, g1, g2]) c.conn.drain();

  g1.session.receive(
    encode({ type: "ice", to: `guest:${tom.id}`, candidate: { candidate: "c:1" } }),
  );
  deepStrictEqual(g2.conn.drain(), [{
    type: "ice",
    from: `guest:${maria.id}`,
    candidate: { candidate: "c:1" },
  }]);
  deepStrictEqual(pro.conn.drain(), [], "only the one addressed");
  deepStrictEqual(client.conn.drain(), []);
  g1.session.receive(encode({ type: "offer", to: "pro", sdp: "o" }));
  deepStrictEqual(pro.conn.drain(), [{ type: "offer", from: `guest:${maria.id}`, sdp: "o" }]);
  strictEqual(f.hub.metrics().activeRooms, 1);

  g1.session.receive(encode({ type: "leave" }));
  deepStrictEqual(g2.conn.drain(), [{ type: "peer", id: `guest:${maria.id}`, state: "left" }]);
  deepStrictEqual(pro.conn.rosters().at(-1)?.map((p) => p.id), [
    "pro",
    "client",
    `guest:${tom.id}`,
  ]);
  await f.hub.close();
});

Deno.test("hub: a fifth participant is refused with 4007 and a message; a returning one is not", async () => {
  const f = await setup({ maxParticipants: 4 });
  const [a, b, c] = await guests(f, "Ann", "Ben", "Cy");
  await join(f.hub, f.pro(f.appt.id));
  await join(f.hub, f.client());
  await join(f.hub, guestOf(f, a));
  const gb = await join(f.hub, guestOf(f, b));
  const fifth = await join(f.hub, guestOf(f, c));
  strictEqual(fifth.conn.closeCode, CloseCode.FULL);
  strictEqual(fifth.conn.closeReason, CloseReason.FULL);
  deepStrictEqual(fifth.conn.ofType("error").map((e) => e.code), ["full"]);
  strictEqual(fifth.conn.ofType("welcome").length, 0);
  strictEqual(f.hub.metrics().messagesRejected.full, 1);
  // A reload of someone seated takes their seat again.
  const again = await join(f.hub, guestOf(f, b));
  strictEqual(again.conn.closeCode, undefined);
  strictEqual(gb.conn.closeCode, CloseCode.REPLACED);
  // Once one leaves, there is room.
  again.session.receive(encode({ type: "leave" }));
  const now = await join(f.hub, guestOf(f, c));
  strictEqual(now.conn.closeCode, undefined);
  await f.hub.close();
});

Deno.test("hub: a withdrawn link or a removed guest is refused with 4004, and closed at once", async () => {
  const f = await setup();
  const [maria, tom] = await guests(f, "Maria", "Tom");
  const pro = await join(f.hub, f.pro(f.appt.id));
  const g = await join(f.hub, guestOf(f, maria));
  strictEqual(g.conn.closeCode, undefined);

  const revoked = await f.store.revokeGuestLink(f.appt.id, maria.id, "professional");
  f.hub.revokeGuest(f.appt.id, maria.id, revoked.linkVersion);
  strictEqual(g.conn.closeCode, CloseCode.REVOKED);
  strictEqual(g.conn.closeReason, CloseReason.REVOKED);
  deepStrictEqual(pro.conn.drain().filter((m) => m.type === "peer").at(-1), {
    type: "peer",
    id: `guest:${maria.id}`,
    state: "left",
  });
  const old = await join(f.hub, guestOf(f, maria, maria.linkVersion));
  strictEqual(old.conn.closeCode, CloseCode.REVOKED, "the old session cannot come back");
  const fresh = await join(f.hub, guestOf(f, maria, revoked.linkVersion));
  strictEqual(fresh.conn.closeCode, undefined, "the new link works");

  const t = await join(f.hub, guestOf(f, tom));
  await f.store.removeGuest(f.appt.id, tom.id, "professional", "removed");
  f.hub.revokeGuest(f.appt.id, tom.id);
  strictEqual(t.conn.closeCode, CloseCode.REVOKED);
  strictEqual(fresh.conn.closeCode, undefined, "only that guest");
  const back = await join(f.hub, guestOf(f, tom));
  strictEqual(back.conn.closeCode, CloseCode.REVOKED, "removed: refused at admission");
  await f.hub.close();
});

Deno.test("hub: guest sockets are counted per guest; a visitor not let in knocks", async () => {
  const f = await setup({ socketsPerClient: 2 });
  const [maria, tom] = await guests(f, "Maria", "Tom");
  // Three at once (none admitted yet): the third is over that guest's cap.
  const [, , third] = await Promise.all([1, 2, 3].map(() => join(f.hub, guestOf(f, maria))));
  strictEqual(third.conn.closeReason, CloseReason.TOO_MANY_SOCKETS);
  const other = await join(f.hub, guestOf(f, tom));
  strictEqual(other.conn.closeCode, undefined, "another guest has a count of its own");

  const visitor = await f.store.addGuest(
    { appointmentId: f.appt.id, name: "Vic", role: "guest", origin: "visitor" },
    8,
  );
  const v = await join(f.hub, guestOf(f, visitor));
  strictEqual(v.conn.closeCode, undefined);
  deepStrictEqual(v.conn.messages, [{ type: "knocking" }], "no seat, no welcome");
  await f.store.admitGuest(f.appt.id, visitor.id, "professional");
  const let_in = await join(f.hub, guestOf(f, visitor));
  strictEqual(let_in.conn.closeCode, undefined);
  await f.hub.close();
});
