/**
 * Knocking in the hub, on the real SQLite store: an instant call's visitor knocks (admitted, not
 * seated), the professional's call sockets get `knocks`, `admit` seats them (and they are let in
 * at once next time), `decline` takes them off (4008, also on their next try), and every refusal
 * of `admit`/`decline` is a non-fatal error.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import type { Guest } from "../domain/store.ts";
import type { Participant } from "./hub.ts";
import { CloseCode, CloseReason, encode } from "./protocol.ts";
import { type Fixture, join, setup } from "./testing/hub_fixture.ts";

const HOUR = 3_600_000;

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

function visitor(f: Fixture, name: string): Promise<Guest> {
  return f.store.addGuest(
    { appointmentId: f.appt.id, name, role: "guest", origin: "visitor" },
    8,
  );
}

/** Lets the hub's store writes and what follows them run. */
const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("hub: visitors knock; the professional lets one in and declines the other", async () => {
  const f = await setup();
  const [maria, vic] = [await visitor(f, "Maria"), await visitor(f, "Vic")];
  // Knocking before the professional is there: connected, told so, not seated.
  const m = await join(f.hub, guestOf(f, maria));
  strictEqual(m.conn.closeCode, undefined);
  deepStrictEqual(m.conn.drain(), [{ type: "knocking" }]);

  const pro = await join(f.hub, f.pro(f.appt.id));
  const welcome = pro.conn.ofType("welcome")[0];
  deepStrictEqual(welcome.participants.map((p) => p.id), ["pro"], "a knocker has no seat");
  deepStrictEqual(pro.conn.ofType("knocks").at(-1)?.knocking, [
    { id: `guest:${maria.id}`, role: "guest", name: "Maria", since: f.clock.t },
  ]);
  const mariaSince = f.clock.t;
  f.clock.t += 5_000;
  const v = await join(f.hub, guestOf(f, vic));
  deepStrictEqual(pro.conn.ofType("knocks").at(-1)?.knocking.map((k) => k.name), [
    "Maria",
    "Vic",
  ]);
  deepStrictEqual(
    pro.conn.ofType("knocks").at(-1)?.knocking.map((k) => k.since),
    [mariaSince, mariaSince + 5_000],
    "each knock says since when",
  );
  pro.conn.drain();

  pro.session.receive(encode({ type: "admit", id: `guest:${maria.id}` }));
  await tick();
  const seated = m.conn.ofType("welcome")[0];
  strictEqual(seated.id, `guest:${maria.id}`);
  deepStrictEqual(seated.participants.map((p) => p.name), ["Dr. Ada", "Maria"]);
  deepStrictEqual(pro.conn.rosters().at(-1)?.map((p) => p.id), ["pro", `guest:${maria.id}`]);
  deepStrictEqual(pro.conn.ofType("knocks").at(-1)?.knocking.map((k) => k.name), ["Vic"]);
  strictEqual((await f.store.getGuest(f.appt.id, maria.id))?.admittedAt !== null, true);

  pro.session.receive(encode({ type: "decline", id: `guest:${vic.id}` }));
  await tick();
  strictEqual(v.conn.closeCode, CloseCode.DECLINED);
  strictEqual(v.conn.closeReason, CloseReason.DECLINED);
  strictEqual((await f.store.getGuest(f.appt.id, vic.id))?.removal, "declined");
  deepStrictEqual(pro.conn.ofType("knocks").at(-1)?.knocking, []);
  deepStrictEqual(
    pro.conn.rosters().at(-1)?.map((p) => p.id),
    ["pro", `guest:${maria.id}`],
    "the declined one never had a seat",
  );

  // Next time: Maria is let in at once; Vic is refused at once, with the same code.
  m.session.closed();
  const again = await join(f.hub, guestOf(f, maria));
  strictEqual(again.conn.ofType("welcome")[0]?.id, `guest:${maria.id}`);
  strictEqual(again.conn.ofType("knocking").length, 0);
  const vAgain = await join(f.hub, guestOf(f, vic));
  strictEqual(vAgain.conn.closeCode, CloseCode.DECLINED);
  await f.hub.close();
});

Deno.test("hub: a knocker who goes away disappears from the professional's knock list", async () => {
  const f = await setup();
  const standby = await join(f.hub, f.standby(f.appt.id));
  const maria = await visitor(f, "Maria");
  const m = await join(f.hub, guestOf(f, maria));
  deepStrictEqual(standby.conn.ofType("knocks").at(-1)?.knocking.length, 1, "standby hears it");
  m.session.closed();
  deepStrictEqual(standby.conn.ofType("knocks").at(-1)?.knocking, []);
  await f.hub.close();
});

Deno.test("hub: admit and decline are refused, not fatally, unless the professional answers a knock", async () => {
  const f = await setup();
  const maria = await visitor(f, "Maria");
  const m = await join(f.hub, guestOf(f, maria));
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  const dashboard = await join(f.hub, f.pro(null));
  const stranger = await join(f.hub, f.pro(f.other.id, f.strangerId));
  for (const c of [m, client, pro, dashboard, stranger]) c.conn.drain();

  // Not the professional of a call: the client, the knocker itself.
  for (const c of [client, m]) {
    c.session.receive(encode({ type: "admit", id: `guest:${maria.id}` }));
    await tick();
    strictEqual(c.conn.ofType("error")[0]?.code, "not_allowed");
    strictEqual(c.conn.closeCode, undefined);
  }
  // A dashboard socket must say which appointment.
  dashboard.session.receive(encode({ type: "admit", id: `guest:${maria.id}` }));
  await tick();
  strictEqual(dashboard.conn.ofType("error")[0]?.code, "no_room");
  // A call socket may only answer knocks of its own appointment.
  pro.session.receive(
    encode({ type: "admit", id: `guest:${maria.id}`, appointmentId: f.other.id }),
  );
  await tick();
  strictEqual(pro.conn.ofType("error")[0]?.code, "not_allowed");
  pro.conn.drain();
  // Another professional's call: Maria does not knock there.
  stranger.session.receive(encode({ type: "admit", id: `guest:${maria.id}` }));
  // Ids not knocking: the client (seated), nobody at all.
  pro.session.receive(encode({ type: "admit", id: "client" }));
  pro.session.receive(encode({ type: "decline", id: "guest:nobody" }));
  await tick();
  strictEqual(stranger.conn.ofType("error")[0]?.code, "unknown_participant");
  deepStrictEqual(pro.conn.ofType("error").map((e) => e.code), [
    "unknown_participant",
    "unknown_participant",
  ]);
  strictEqual(pro.conn.closeCode, undefined);
  strictEqual(m.conn.ofType("welcome").length, 0, "still knocking");
  strictEqual((await f.store.getGuest(f.appt.id, maria.id))?.admittedAt, null);
  // A bad id is a bad message, like any other.
  pro.session.receive(JSON.stringify({ type: "admit", id: "someone" }));
  strictEqual(pro.conn.closeCode, CloseCode.POLICY);
  await f.hub.close();
});

Deno.test("hub: the professional's dashboards hear the knocks and let in or decline them", async () => {
  const f = await setup();
  const [maria, vic] = [await visitor(f, "Maria"), await visitor(f, "Vic")];
  const m = await join(f.hub, guestOf(f, maria));
  // A dashboard opened after the knock hears it at once; one opened before hears each change.
  const dashboard = await join(f.hub, f.pro(null));
  deepStrictEqual(dashboard.conn.ofType("knocks"), [{
    type: "knocks",
    appointmentId: f.appt.id,
    knocking: [{ id: `guest:${maria.id}`, role: "guest", name: "Maria", since: f.clock.t }],
  }]);
  const strangerDashboard = await join(f.hub, f.pro(null, f.strangerId));
  const v = await join(f.hub, guestOf(f, vic));
  deepStrictEqual(dashboard.conn.ofType("knocks").at(-1)?.knocking.map((k) => k.name), [
    "Maria",
    "Vic",
  ]);
  strictEqual(strangerDashboard.conn.ofType("knocks").length, 0, "not another's dashboard");

  // Another professional's dashboard cannot answer them: nobody knocks there for it.
  strangerDashboard.session.receive(
    encode({ type: "admit", id: `guest:${maria.id}`, appointmentId: f.appt.id }),
  );
  await tick();
  strictEqual(strangerDashboard.conn.ofType("error")[0]?.code, "unknown_participant");
  strictEqual(m.conn.ofType("welcome").length, 0);

  // Let in from the dashboard: seated (in the waiting room until the professional comes).
  dashboard.session.receive(
    encode({ type: "admit", id: `guest:${maria.id}`, appointmentId: f.appt.id }),
  );
  await tick();
  strictEqual(m.conn.ofType("welcome")[0]?.id, `guest:${maria.id}`);
  strictEqual((await f.store.getGuest(f.appt.id, maria.id))?.admittedAt !== null, true);
  deepStrictEqual(dashboard.conn.ofType("knocks").at(-1)?.knocking.map((k) => k.name), ["Vic"]);

  // Not now from the dashboard: 4008, taken off.
  dashboard.session.receive(
    encode({ type: "decline", id: `guest:${vic.id}`, appointmentId: f.appt.id }),
  );
  await tick();
  strictEqual(v.conn.closeCode, CloseCode.DECLINED);
  strictEqual((await f.store.getGuest(f.appt.id, vic.id))?.removal, "declined");
  deepStrictEqual(dashboard.conn.ofType("knocks").at(-1), {
    type: "knocks",
    appointmentId: f.appt.id,
    knocking: [],
  });
  strictEqual(dashboard.conn.closeCode, undefined);
  await f.hub.close();
});

Deno.test("hub: a failed store write on admit leaves the knock as it was", async () => {
  const f = await setup();
  const maria = await visitor(f, "Maria");
  const m = await join(f.hub, guestOf(f, maria));
  const pro = await join(f.hub, f.pro(f.appt.id));
  f.store.admitGuest = () => Promise.reject(new Error("forced"));
  pro.session.receive(encode({ type: "admit", id: `guest:${maria.id}` }));
  await tick();
  strictEqual(pro.conn.ofType("error")[0]?.code, "admit_failed");
  strictEqual(m.conn.ofType("welcome").length, 0);
  strictEqual(m.conn.closeCode, undefined);
  await f.hub.close();
});

Deno.test("hub: an invited guest waits before the professional, knocks once the call is on", async () => {
  const f = await setup();
  const invite = (name: string) =>
    f.store.addGuest({ appointmentId: f.appt.id, name, role: "Interpreter", origin: "invited" }, 8);
  const [early, late] = [await invite("Early"), await invite("Late")];
  // Before the professional: a seat in the waiting room, no knock.
  const e = await join(f.hub, guestOf(f, early));
  strictEqual(e.conn.ofType("welcome")[0]?.id, `guest:${early.id}`);
  const pro = await join(f.hub, f.pro(f.appt.id));
  await f.hub.settled();
  await tick();
  // In the room when the professional came: let in, and recorded as such.
  strictEqual((await f.store.getGuest(f.appt.id, early.id))?.admittedAt !== null, true);

  // Arriving while the professional is in: knocks.
  const l = await join(f.hub, guestOf(f, late));
  deepStrictEqual(l.conn.messages, [{ type: "knocking" }]);
  deepStrictEqual(pro.conn.ofType("knocks").at(-1)?.knocking.map((k) => k.name), ["Late"]);
  // Not now: taken off, like a visitor.
  pro.session.receive(encode({ type: "decline", id: `guest:${late.id}` }));
  await tick();
  strictEqual(l.conn.closeCode, CloseCode.DECLINED);

  // The early one leaves and comes back mid-call: in at once, no knock.
  e.session.receive(encode({ type: "leave" }));
  const back = await join(f.hub, guestOf(f, early));
  strictEqual(back.conn.ofType("welcome")[0]?.id, `guest:${early.id}`);
  strictEqual(back.conn.ofType("knocking").length, 0);
  await f.hub.close();
});
