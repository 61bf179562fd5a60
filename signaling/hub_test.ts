import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Hub } from "./hub.ts";
import { CloseCode, CloseReason, encode, MAX_MESSAGE_BYTES } from "./protocol.ts";
import { SqliteStore } from "../domain/sqlite_store.ts";
import { withFailures } from "./testing/failing_store.ts";
import { RecordingConnection } from "./testing/recording_connection.ts";
import { ended, ice, iceFrom, join, setup, storedStatus } from "./testing/hub_fixture.ts";

Deno.test("hub: seed flow — offer waits for the pro, answer goes back, ICE both ways, end", async () => {
  const f = await setup();
  const dash = await join(f.hub, f.pro(null));
  deepStrictEqual(dash.conn.drain(), [
    { type: "welcome", role: "pro", id: null, appointment: null, participants: [] },
  ]);

  const client = await join(f.hub, f.client());
  const welcome = client.conn.drain()[0];
  deepStrictEqual(welcome, {
    type: "welcome",
    role: "client",
    id: "client",
    appointment: {
      id: f.appt.id,
      startsAt: f.appt.startsAt,
      durationMin: 30,
      status: "scheduled",
      professionalName: "Dr. Ada",
    },
    participants: [{ id: "client", role: "client", name: "Grace Client", presence: "present" }],
  });
  strictEqual(dash.conn.drain().at(-1)?.type === "status", true);
  strictEqual(await storedStatus(f), "waiting");

  client.session.receive(encode({ type: "media", audio: true, video: true }));
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "OFFER\r\n" }));
  client.session.receive(encode(ice(1, "pro")));
  client.session.receive(encode(ice(2, "pro")));
  const status = dash.conn.ofType("status").at(-1);
  deepStrictEqual({ ...status, at: 0 }, {
    type: "status",
    appointmentId: f.appt.id,
    status: "waiting",
    clientPresent: true,
    clientMedia: { audio: true, video: true },
    offerWaiting: true,
    waitingSince: f.clock.t,
    at: 0,
  });

  const pro = await join(f.hub, f.pro(f.appt.id));
  const got = pro.conn.drain();
  deepStrictEqual(got[0], {
    type: "welcome",
    role: "pro",
    appointment: {
      id: f.appt.id,
      startsAt: f.appt.startsAt,
      durationMin: 30,
      status: "waiting",
      clientName: "Grace Client",
    },
    id: "pro",
    participants: [
      {
        id: "client",
        role: "client",
        name: "Grace Client",
        presence: "present",
        media: { audio: true, video: true },
      },
      { id: "pro", role: "pro", name: "Dr. Ada", presence: "present" },
    ],
  });
  deepStrictEqual(got.slice(1), [
    { type: "offer", from: "client", sdp: "OFFER\r\n" },
    iceFrom(1, "client"),
    iceFrom(2, "client"),
  ]);
  deepStrictEqual(client.conn.drain(), [{ type: "peer", id: "pro", state: "joined" }]);

  pro.session.receive(encode({ type: "answer", to: "client", sdp: "ANSWER" }));
  pro.session.receive(encode(ice(3, "client")));
  client.session.receive(encode(ice(4, "pro")));
  deepStrictEqual(client.conn.drain(), [
    { type: "answer", from: "pro", sdp: "ANSWER" },
    iceFrom(3, "pro"),
  ]);
  deepStrictEqual(pro.conn.drain(), [iceFrom(4, "client")]);
  strictEqual(dash.conn.ofType("status").at(-1)?.status, "in_call");
  strictEqual(dash.conn.ofType("status").at(-1)?.offerWaiting, undefined);
  strictEqual(await storedStatus(f), "in_call");

  pro.session.receive(encode({ type: "offer", to: "client", sdp: "RENEGOTIATE" }));
  deepStrictEqual(client.conn.drain(), [{ type: "offer", from: "pro", sdp: "RENEGOTIATE" }]);

  pro.session.receive(encode({ type: "end" }));
  await ended(f);
  strictEqual(client.conn.closeCode, CloseCode.ENDED);
  strictEqual(client.conn.closeReason, CloseReason.ENDED_FOR_EVERYONE);
  strictEqual(pro.conn.closeCode, CloseCode.ENDED);
  strictEqual(dash.conn.ofType("status").at(-1)?.status, "completed");
  strictEqual(await storedStatus(f), "completed");
  const trail = (await f.store.listAudit(f.appt.id)).map((e) => [e.action, e.actor, e.detail]);
  deepStrictEqual(trail, [
    ["appointment.created", "professional", null],
    ["appointment.status", "client", "scheduled -> waiting (client joined)"],
    ["appointment.status", "professional", "waiting -> in_call (answer relayed)"],
    ["appointment.status", "professional", "in_call -> completed (ended for everyone)"],
  ]);
  ok(f.hub.metrics().messagesRelayed >= 7);
  await f.hub.close();
});

Deno.test("hub: a newer offer replaces the older buffered offer and its candidates", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "old" }));
  client.session.receive(encode(ice(1, "pro")));
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "new" }));
  client.session.receive(encode(ice(2, "pro")));
  strictEqual(f.hub.metrics().bufferedMessages, 2);
  const pro = await join(f.hub, f.pro(f.appt.id));
  deepStrictEqual(pro.conn.drain().slice(1), [
    { type: "offer", from: "client", sdp: "new" },
    iceFrom(2, "client"),
  ]);
  strictEqual(f.hub.metrics().bufferedMessages, 0);
  await f.hub.close();
});

Deno.test("hub: the pro's messages wait for the client too, and a departed sender's are dropped", async () => {
  const f = await setup();
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.session.receive(encode({ type: "offer", to: "client", sdp: "from pro" }));
  const client = await join(f.hub, f.client());
  deepStrictEqual(client.conn.drain().slice(1), [{ type: "offer", from: "pro", sdp: "from pro" }]);
  client.session.closed();
  deepStrictEqual(pro.conn.drain().slice(-1), [{ type: "peer", id: "client", state: "left" }]);
  pro.session.receive(encode(ice(1, "client")));
  pro.session.closed();
  strictEqual(f.hub.metrics().activeRooms, 0);
  const again = await join(f.hub, f.client());
  deepStrictEqual(again.conn.drain().map((m) => m.type), ["welcome"]);
  await f.hub.close();
});

Deno.test("hub: isolation — a pro cannot join another's appointment, nor a client with a forged owner", async () => {
  const f = await setup();
  const intruder = await join(f.hub, f.pro(f.appt.id, f.strangerId));
  strictEqual(intruder.conn.closeCode, CloseCode.POLICY);
  strictEqual(intruder.conn.closeReason, CloseReason.FORBIDDEN);
  deepStrictEqual(intruder.conn.frames, []);
  const forged = await join(f.hub, { ...f.client(), professionalId: f.strangerId });
  strictEqual(forged.conn.closeCode, CloseCode.POLICY);
  const unknown = await join(f.hub, { ...f.client(), appointmentId: "nope" });
  strictEqual(unknown.conn.closeReason, CloseReason.NOT_FOUND);
  strictEqual(f.hub.metrics().messagesRejected.forbidden, 3);
  strictEqual(f.hub.metrics().openSockets, 0);

  const client = await join(f.hub, f.client());
  const rogue = await join(f.hub, f.client(f.other));
  const strangerDash = await join(f.hub, f.pro(null, f.strangerId));
  strangerDash.conn.drain();
  rogue.session.receive(encode({ type: "offer", to: "pro", sdp: "rogue" }));
  rogue.session.receive(encode({ type: "end" }));
  deepStrictEqual(rogue.conn.ofType("error").map((e) => e.code), ["not_allowed"]);
  const pro = await join(f.hub, f.pro(f.appt.id));
  deepStrictEqual(pro.conn.drain().map((m) => m.type), ["welcome"]);
  deepStrictEqual(client.conn.drain().map((m) => m.type), ["welcome", "peer"]);
  ok(strangerDash.conn.ofType("status").every((s) => s.appointmentId === f.other.id));
  strictEqual(await storedStatus(f), "waiting");
  await f.hub.close();
});

Deno.test("hub: a second call socket replaces the first without announcing 'left' or 'joined'", async () => {
  const f = await setup();
  const first = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.conn.drain();
  const second = await join(f.hub, f.client());
  strictEqual(first.conn.closeCode, CloseCode.REPLACED);
  strictEqual(first.conn.closeReason, "replaced by a newer connection");
  deepStrictEqual(pro.conn.drain(), [], "the client is still there: nothing to announce");
  first.session.closed();
  first.session.receive(encode({ type: "offer", to: "pro", sdp: "stale" }));
  deepStrictEqual(pro.conn.drain(), []);
  second.session.receive(encode({ type: "offer", to: "pro", sdp: "fresh" }));
  deepStrictEqual(pro.conn.drain(), [{ type: "offer", from: "client", sdp: "fresh" }]);
  await f.hub.settled();
  const trail = (await f.store.listAudit(f.appt.id)).map((e) => [e.action, e.detail]);
  deepStrictEqual(trail, [
    ["appointment.created", null],
    ["appointment.status", "scheduled -> waiting (client joined)"],
  ], "no status write for the replaced socket: the client never left");

  const dash1 = await join(f.hub, f.pro(null));
  const dash2 = await join(f.hub, f.pro(null));
  strictEqual(dash1.conn.closeCode, undefined, "dashboards are not exclusive");
  strictEqual(dash2.conn.ofType("status").length, 1);
  strictEqual(f.hub.metrics().dashboardSockets, 2);
  await f.hub.close();
});

Deno.test("hub: client leaving before the call puts the appointment back to scheduled", async () => {
  const f = await setup();
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  strictEqual(await storedStatus(f), "waiting");
  client.session.closed();
  client.session.closed();
  const last = dash.conn.ofType("status").at(-1);
  strictEqual(last?.status, "scheduled");
  strictEqual(last?.clientPresent, false);
  strictEqual(await storedStatus(f), "scheduled");
  await f.hub.close();
});

Deno.test("hub: the pro gone mid-call makes the client wait; back, a new answer resumes the call", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  let pro = await join(f.hub, f.pro(f.appt.id));
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));
  strictEqual(await storedStatus(f), "in_call");
  pro.session.closed();
  strictEqual(await storedStatus(f), "waiting");
  pro = await join(f.hub, f.pro(f.appt.id));
  strictEqual(await storedStatus(f), "waiting", "a new connection, not answered yet");
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "a2" }));
  strictEqual(await storedStatus(f), "in_call");
  client.session.closed();
  strictEqual(await storedStatus(f), "scheduled", "the client gone: no call, not stuck in_call");
  await f.hub.close();
});

Deno.test("hub: limits close with the documented codes", async () => {
  const f = await setup({ burst: 5, perSecond: 1 });
  const cases: [string, number, string][] = [
    ["x".repeat(MAX_MESSAGE_BYTES + 1), CloseCode.TOO_BIG, "too_big"],
    ["not json", CloseCode.INVALID_JSON, "invalid_json"],
    [JSON.stringify({ type: "offer", sdp: 5 }), CloseCode.POLICY, "invalid_message"],
    [JSON.stringify({ type: "join", room: "x" }), CloseCode.POLICY, "invalid_message"],
  ];
  for (const [text, code, reason] of cases) {
    const before = f.hub.metrics().messagesRejected[reason as "too_big"];
    const { conn, session } = await join(f.hub, f.client());
    session.receive(text);
    strictEqual(conn.closeCode, code, reason);
    strictEqual(f.hub.metrics().messagesRejected[reason as "too_big"], before + 1);
  }
  const bin = await join(f.hub, f.client());
  bin.session.receiveBinary();
  strictEqual(bin.conn.closeCode, CloseCode.UNSUPPORTED_DATA);

  const flood = await join(f.hub, f.client());
  for (let i = 0; i < 5; i++) flood.session.receive(encode({ type: "ping", id: i }));
  strictEqual(flood.conn.closeCode, undefined);
  strictEqual(flood.conn.ofType("pong").length, 5);
  flood.session.receive(encode({ type: "ping" }));
  strictEqual(flood.conn.closeCode, CloseCode.POLICY);
  strictEqual(flood.conn.closeReason, CloseReason.RATE_LIMIT);

  const slow = await join(f.hub, f.client());
  for (let i = 0; i < 20; i++) {
    f.clock.t += 1000;
    slow.session.receive(encode({ type: "ping" }));
  }
  strictEqual(slow.conn.closeCode, undefined, "a steady 1/s stays under the limit");

  const expiring = await join(f.hub, { ...f.client(), expiresAt: f.clock.t + 10 });
  f.clock.t += 11;
  expiring.session.receive(encode({ type: "ping" }));
  strictEqual(expiring.conn.closeCode, CloseCode.POLICY);
  strictEqual(expiring.conn.closeReason, CloseReason.EXPIRED);
  const late = await join(f.hub, { ...f.client(), expiresAt: f.clock.t - 1 });
  strictEqual(late.conn.closeReason, CloseReason.EXPIRED);
  await f.hub.close();
});

Deno.test("hub: an expiry timer closes a silent socket when its session ends", async () => {
  const f = await setup();
  const hub = new Hub({
    store: f.store,
    now: () => f.clock.t,
    limits: { sweepEveryMs: 0, graceMs: 0 },
  });
  const conn = new RecordingConnection();
  await hub.connect(conn, { ...f.client(), expiresAt: f.clock.t + 20 });
  const deadline = Date.now() + 2000;
  while (conn.closeCode === undefined && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  strictEqual(conn.closeCode, CloseCode.POLICY);
  strictEqual(conn.closeReason, CloseReason.EXPIRED);
  await hub.close();
  await f.hub.close();
});

Deno.test("hub: sweep closes silent sockets with 4003 and tells the peer", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.conn.drain();
  f.clock.t += 30_000;
  pro.session.receive(encode({ type: "ping" }));
  f.clock.t += 20_000;
  f.hub.sweep();
  strictEqual(client.conn.closeCode, CloseCode.TIMEOUT);
  strictEqual(pro.conn.closeCode, undefined);
  deepStrictEqual(pro.conn.drain().slice(-1), [{ type: "peer", id: "client", state: "left" }]);
  strictEqual(f.hub.metrics().heartbeatTimeouts, 1);
  await f.hub.close();
  strictEqual(pro.conn.closeCode, CloseCode.GOING_AWAY);
  strictEqual(f.hub.metrics().openSockets, 0);
});

Deno.test("hub: a dashboard socket answers pings and refuses call messages", async () => {
  const f = await setup();
  const dash = await join(f.hub, f.pro(null));
  dash.conn.drain();
  dash.session.receive(encode({ type: "ping", id: "x" }));
  dash.session.receive(encode({ type: "offer", to: "client", sdp: "s" }));
  deepStrictEqual(dash.conn.drain().map((m) => m.type), ["pong", "error"]);
  strictEqual(dash.conn.closeCode, undefined);
  strictEqual(f.hub.metrics().messagesRejected.no_room, 1);
  await f.hub.close();
});

Deno.test("hub: a full room buffer refuses more messages with an error", async () => {
  const f = await setup({ roomBuffer: 3 });
  const client = await join(f.hub, f.client());
  client.conn.drain();
  for (let i = 0; i < 4; i++) client.session.receive(encode(ice(i, "pro")));
  deepStrictEqual(client.conn.drain().map((m) => m.type), ["error"]);
  const pro = await join(f.hub, f.pro(f.appt.id));
  deepStrictEqual(pro.conn.drain().slice(1), [
    iceFrom(0, "client"),
    iceFrom(1, "client"),
    iceFrom(2, "client"),
  ]);
  await f.hub.close();
});

Deno.test("hub: store failures are logged without personal data and never stop the relay", async () => {
  const failing = withFailures(new SqliteStore(":memory:"));
  const f = await setup({}, failing.store);
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args.join(" "));
  try {
    failing.fail("setStatus", new Error("disk full for Grace Client"));
    const client = await join(f.hub, f.client());
    const pro = await join(f.hub, f.pro(f.appt.id));
    client.session.receive(encode({ type: "offer", to: "pro", sdp: "o" }));
    pro.session.receive(encode({ type: "answer", to: "client", sdp: "a" }));
    await f.hub.settled();
    deepStrictEqual(client.conn.ofType("answer"), [{ type: "answer", from: "pro", sdp: "a" }]);
    strictEqual(f.hub.metrics().storeErrors, 2);
    ok(logged.length === 2);
    ok(logged.every((l) => !l.includes("Grace") && !l.includes("disk full")));
    failing.heal();
    pro.session.receive(encode({ type: "end" }));
    await ended(f);
    strictEqual(await storedStatus(f), "completed");
  } finally {
    console.error = original;
  }
  await f.hub.close();
});

Deno.test("hub: a status finalized elsewhere wins over presence", async () => {
  const f = await setup();
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  await f.hub.settled();
  await f.store.setStatus(f.appt.id, "cancelled", "professional");
  client.session.closed();
  strictEqual(await storedStatus(f), "cancelled");
  strictEqual(dash.conn.ofType("status").at(-1)?.status, "cancelled");
  const again = await join(f.hub, f.client());
  strictEqual(again.conn.closeCode, CloseCode.CANCELLED);
  await f.hub.close();
});

Deno.test("hub: a dropped socket keeps its seat for the grace period, then the peer hears 'left'", async () => {
  const f = await setup({ graceMs: 80 });
  const pro = await join(f.hub, f.pro(f.appt.id));
  const first = await join(f.hub, f.client());
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "v=0 answer" }));
  // A network blip: the client's socket drops and comes back within the grace period.
  const seen = pro.conn.messages.length;
  const peerNews = () => pro.conn.messages.slice(seen).filter((m) => m.type === "peer");
  first.session.closed();
  pro.session.receive(encode(ice(1, "client")));
  const back = await join(f.hub, f.client());
  const types = back.conn.messages.map((m) => m.type);
  deepStrictEqual(types.slice(0, 2), ["welcome", "ice"], "held candidate delivered on resume");
  deepStrictEqual(peerNews(), [
    { type: "peer", id: "client", state: "away" },
    { type: "peer", id: "client", state: "joined" },
  ], "away while the seat was kept, back once resumed");
  strictEqual(await storedStatus(f), "in_call", "a seat in its grace period counts as in");
  // Now the client really goes: after the grace period, the pro is told.
  back.session.closed();
  await new Promise((r) => setTimeout(r, 40));
  deepStrictEqual(
    peerNews().slice(2),
    [{ type: "peer", id: "client", state: "away" }],
    "still within grace",
  );
  await new Promise((r) => setTimeout(r, 80));
  deepStrictEqual(peerNews().slice(2), [
    { type: "peer", id: "client", state: "away" },
    { type: "peer", id: "client", state: "left" },
  ]);
  strictEqual(await storedStatus(f), "scheduled", "the client gone: not in a call any more");
  await f.hub.close();
});
