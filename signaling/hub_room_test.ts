/**
 * The appointment is a room open during its window: people leave (`leave`) and come back, only
 * the professional's `end` completes it, and the window closing closes the room (completed if a
 * call happened, missed if not). On the real SQLite store, in memory.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { joinWindow } from "../domain/appointments.ts";
import { SqliteStore } from "../domain/sqlite_store.ts";
import { Hub } from "./hub.ts";
import { CloseCode, CloseReason, encode } from "./protocol.ts";
import { withFailures } from "./testing/failing_store.ts";
import { ended, join, setup, storedStatus } from "./testing/hub_fixture.ts";

const peerNews = (conn: { messages: { type: string }[] }) =>
  conn.messages.filter((m) => m.type === "peer");

Deno.test("hub: leave frees the seat at once, keeps the appointment open, and the client comes back", async () => {
  const f = await setup({ graceMs: 60_000 });
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));
  strictEqual(await storedStatus(f), "in_call");

  client.session.receive(encode({ type: "leave" }));
  strictEqual(client.conn.closeCode, CloseCode.NORMAL);
  strictEqual(client.conn.closeReason, CloseReason.LEFT);
  deepStrictEqual(
    peerNews(pro.conn).at(-1),
    { type: "peer", id: "client", state: "left" },
    "no grace period",
  );
  strictEqual(await storedStatus(f), "scheduled", "open, not completed");
  strictEqual(dash.conn.ofType("status").at(-1)?.clientPresent, false);

  const back = await join(f.hub, f.client());
  strictEqual(back.conn.closeCode, undefined, "the link still works");
  deepStrictEqual(
    back.conn.ofType("welcome")[0].participants.find((p) => p.id === "pro")?.presence,
    "present",
  );
  deepStrictEqual(peerNews(pro.conn).at(-1), { type: "peer", id: "client", state: "joined" });
  strictEqual(await storedStatus(f), "waiting", "waiting until the new connection is answered");
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a2" }));
  strictEqual(await storedStatus(f), "in_call");

  pro.session.receive(encode({ type: "leave" }));
  strictEqual(pro.conn.closeCode, CloseCode.NORMAL);
  deepStrictEqual(peerNews(back.conn).at(-1), { type: "peer", id: "pro", state: "left" });
  strictEqual(await storedStatus(f), "waiting", "the professional left: the client waits");
  const proBack = await join(f.hub, f.pro(f.appt.id));
  strictEqual(proBack.conn.closeCode, undefined, "the professional may come back too");
  await f.hub.close();
});

Deno.test("hub: end — a client may not; the professional's closes every call socket (4002) once stored", async () => {
  const f = await setup({ graceMs: 60_000 });
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  const standby = await join(f.hub, f.standby(f.appt.id));
  const otherClient = await join(f.hub, f.client(f.other));
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));

  client.session.receive(encode({ type: "end" }));
  deepStrictEqual(client.conn.ofType("error").map((e) => e.code), ["not_allowed"]);
  strictEqual(client.conn.closeCode, undefined, "not fatal");
  strictEqual(f.hub.metrics().messagesRejected.not_allowed, 1);
  dash.session.receive(encode({ type: "end" }));
  deepStrictEqual(dash.conn.ofType("error").map((e) => e.code), ["no_room"], "not on a dashboard");
  strictEqual(await storedStatus(f), "in_call");

  pro.session.receive(encode({ type: "end" }));
  pro.session.receive(encode({ type: "end" })); // a double click
  strictEqual(client.conn.closeCode, undefined, "nothing closes before the store has it");
  await ended(f);
  for (const conn of [client.conn, pro.conn, standby.conn]) {
    strictEqual(conn.closeCode, CloseCode.ENDED);
    strictEqual(conn.closeReason, CloseReason.ENDED_FOR_EVERYONE);
  }
  strictEqual(otherClient.conn.closeCode, undefined, "another appointment is left alone");
  strictEqual(dash.conn.closeCode, undefined);
  strictEqual(dash.conn.ofType("status").at(-1)?.status, "completed");
  strictEqual(await storedStatus(f), "completed");
  const trail = (await f.store.listAudit(f.appt.id)).map((e) => [e.actor, e.detail]);
  deepStrictEqual(trail.at(-1), ["professional", "in_call -> completed (ended for everyone)"]);
  strictEqual(trail.filter(([, d]) => d?.includes("completed")).length, 1, "written once");
  strictEqual(f.hub.metrics().socketsEnded.ended, 3);
  strictEqual(f.hub.metrics().activeRooms, 1, "only the other appointment's room");

  for (const p of [f.client(), f.pro(f.appt.id)]) {
    const again = await join(f.hub, p);
    strictEqual(again.conn.closeCode, CloseCode.ENDED, `${p.role}: over for good`);
  }
  await f.hub.close();
});

Deno.test("hub: end also reaches a seat kept for a dropped socket, and a pro not seated", async () => {
  const f = await setup({ graceMs: 60_000 });
  const client = await join(f.hub, f.client());
  client.session.closed();
  const standby = await join(f.hub, f.standby(f.appt.id));
  standby.session.receive(encode({ type: "end" }));
  await ended(f);
  strictEqual(standby.conn.closeCode, CloseCode.ENDED);
  strictEqual(f.hub.metrics().activeRooms, 0, "the kept seat went with it");
  strictEqual(await storedStatus(f), "completed");
  await f.hub.close();
});

Deno.test("hub: a page reconnecting when the professional ended it hears 'ended for everyone' too", async () => {
  const f = await setup({ graceMs: 60_000 });
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  // The client's network drops (its seat is kept), and the professional ends the appointment.
  client.session.closed();
  pro.session.receive(encode({ type: "end" }));
  await ended(f);
  strictEqual(pro.conn.closeReason, CloseReason.ENDED_FOR_EVERYONE);
  // The client's reconnect arrives after: the same code and reason as everyone else's close.
  const back = await join(f.hub, f.client());
  strictEqual(back.conn.closeCode, CloseCode.ENDED);
  strictEqual(back.conn.closeReason, CloseReason.ENDED_FOR_EVERYONE);
  // Once the window has closed, a completed appointment is just over.
  f.clock.t = joinWindow(f.appt).closesAt;
  const late = await join(f.hub, f.client());
  strictEqual(late.conn.closeReason, CloseReason.ENDED);
  await f.hub.close();
});

Deno.test("hub: end that the store cannot write tells the professional, and the call goes on", async () => {
  const failing = withFailures(new SqliteStore(":memory:"));
  const f = await setup({}, failing.store);
  const original = console.error;
  console.error = () => {};
  try {
    const client = await join(f.hub, f.client());
    const pro = await join(f.hub, f.pro(f.appt.id));
    pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));
    await f.hub.settled();
    failing.fail("setStatus", new Error("disk full"));
    pro.session.receive(encode({ type: "end" }));
    await ended(f);
    deepStrictEqual(pro.conn.ofType("error").map((e) => e.code), ["end_failed"]);
    strictEqual(pro.conn.closeCode, undefined);
    strictEqual(client.conn.closeCode, undefined, "nobody is sent away");
    client.session.receive(encode({ type: "offer", to: "pro", sdp: "still relayed" }));
    deepStrictEqual(pro.conn.ofType("offer").at(-1), {
      type: "offer",
      from: "client",
      sdp: "still relayed",
    });
    strictEqual((await f.store.getAppointment(f.appt.id))?.status, "in_call");

    failing.heal();
    pro.session.receive(encode({ type: "end" }));
    await ended(f);
    strictEqual(client.conn.closeCode, CloseCode.ENDED, "a second try works");
    strictEqual(await storedStatus(f), "completed");
  } finally {
    console.error = original;
  }
  await f.hub.close();
});

Deno.test("hub: a dropped socket shows as away, then left; both gone puts the status back", async () => {
  const f = await setup({ graceMs: 40 });
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));
  client.session.closed();
  deepStrictEqual(peerNews(pro.conn).at(-1), { type: "peer", id: "client", state: "away" });
  pro.session.closed();
  strictEqual(await storedStatus(f), "in_call", "both in their grace period");
  await new Promise((r) => setTimeout(r, 100));
  strictEqual(await storedStatus(f), "scheduled", "everyone gone: no call on the dashboard");
  strictEqual(dash.conn.ofType("status").at(-1)?.status, "scheduled");
  strictEqual(f.hub.metrics().activeRooms, 0);
  await f.hub.close();
});

Deno.test("hub: the window closing ends the room: completed after a call, missed when nobody met", async () => {
  const f = await setup({ graceMs: 0 });
  const dash = await join(f.hub, f.pro(null));
  // A call that happened, then everyone left: the room is gone, the audit remembers.
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));
  client.session.receive(encode({ type: "leave" }));
  pro.session.receive(encode({ type: "leave" }));
  strictEqual(await storedStatus(f), "scheduled");
  // The client waits, the professional never comes.
  const waiting = await f.store.createAppointment({
    professionalId: f.proId,
    clientName: "Waiting Client",
    startsAt: f.clock.t,
    durationMin: 30,
  });
  const waiter = await join(f.hub, f.client(waiting));
  // Nobody at all.
  const nobody = await f.store.createAppointment({
    professionalId: f.proId,
    clientName: "No Show",
    startsAt: f.clock.t,
    durationMin: 30,
  });
  await f.hub.settled();

  await f.hub.closeEndedWindows();
  strictEqual(waiter.conn.closeCode, undefined, "the window is still open");
  f.clock.t = joinWindow(f.appt).closesAt;
  await f.hub.closeEndedWindows();
  await ended(f);
  strictEqual(waiter.conn.closeCode, CloseCode.ENDED);
  strictEqual(waiter.conn.closeReason, CloseReason.WINDOW_CLOSED);
  const status = async (id: string) => (await f.store.getAppointment(id))?.status;
  strictEqual(await status(f.appt.id), "completed");
  strictEqual(await status(waiting.id), "missed", "the professional never joined");
  strictEqual(await status(nobody.id), "missed");
  const last = new Map(dash.conn.ofType("status").map((s) => [s.appointmentId, s.status]));
  strictEqual(last.get(waiting.id), "missed", "the dashboard is told");
  strictEqual(f.hub.metrics().socketsEnded.window_closed, 1);
  strictEqual(f.hub.metrics().activeRooms, 0);
  const late = await join(f.hub, f.pro(f.appt.id));
  strictEqual(late.conn.closeCode, CloseCode.ENDED);
  await f.hub.close();
});

Deno.test("hub: the window closer runs on its own timer", async () => {
  const f = await setup({ windowCheckEveryMs: 10 });
  const client = await join(f.hub, f.client());
  f.clock.t = joinWindow(f.appt).closesAt + 1;
  const deadline = Date.now() + 2_000;
  while (client.conn.closeCode === undefined && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  strictEqual(client.conn.closeCode, CloseCode.ENDED);
  strictEqual(await storedStatus(f), "missed");
  await f.hub.close();
});

Deno.test("hub: a shutdown is nobody leaving: no status written, and after a restart the call is in_call again", async () => {
  const f = await setup({ graceMs: 60_000 });
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));
  strictEqual(await storedStatus(f), "in_call");
  await f.hub.close();
  strictEqual(client.conn.closeCode, CloseCode.GOING_AWAY);
  client.session.closed();
  pro.session.closed();
  strictEqual((await f.store.getAppointment(f.appt.id))?.status, "in_call", "nothing written");

  // The restarted server: both browsers reconnect; their media never stopped.
  const restarted = new Hub({
    store: f.store,
    now: () => f.clock.t,
    limits: { sweepEveryMs: 0, windowCheckEveryMs: 0 },
  });
  const again = { ...f, hub: restarted };
  await join(restarted, f.client());
  await join(restarted, f.pro(f.appt.id));
  strictEqual(await storedStatus(again), "in_call", "no new answer needed");
  await restarted.close();
});

Deno.test("hub: the roster — everyone with a seat, on arrival, media, away and left", async () => {
  const f = await setup({ graceMs: 60_000 });
  const pro = await join(f.hub, f.pro(f.appt.id));
  strictEqual(pro.conn.ofType("welcome")[0].id, "pro");
  deepStrictEqual(pro.conn.ofType("welcome")[0].participants, [
    { id: "pro", role: "pro", name: "Dr. Ada", presence: "present" },
  ]);
  const client = await join(f.hub, f.client());
  const both = [
    { id: "pro", role: "pro", name: "Dr. Ada", presence: "present" },
    { id: "client", role: "client", name: "Grace Client", presence: "present" },
  ];
  deepStrictEqual(client.conn.ofType("welcome")[0].participants, both, "in the welcome");
  deepStrictEqual(pro.conn.rosters(), [both], "the others get it as a roster");
  deepStrictEqual(client.conn.rosters(), [], "not twice to whoever just came");

  client.session.receive(encode({ type: "media", audio: false, video: true }));
  const muted = { ...both[1], media: { audio: false, video: true } };
  deepStrictEqual(pro.conn.rosters().at(-1), [both[0], muted]);
  deepStrictEqual(client.conn.rosters().at(-1), [both[0], muted], "the sender too");
  strictEqual(pro.conn.ofType("media" as never).length, 0, "no separate media message");

  client.session.closed();
  deepStrictEqual(pro.conn.rosters().at(-1), [both[0], { ...muted, presence: "away" }]);
  const back = await join(f.hub, f.client());
  deepStrictEqual(back.conn.ofType("welcome")[0].participants[1].presence, "present");
  back.session.receive(encode({ type: "leave" }));
  deepStrictEqual(pro.conn.rosters().at(-1), [both[0]], "left: off the roster");
  await f.hub.close();
});
