import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { CloseCode, CloseReason, encode } from "./protocol.ts";
import { ice, iceFrom, join, setup } from "./testing/hub_fixture.ts";

/** Lets the hub's store calls (a join's appointment lookup) finish. */
const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("hub: a standby socket is admitted but not seated until it sends join", async () => {
  const f = await setup();
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "OFFER" }));
  client.session.receive(encode(ice(1, "pro")));
  client.conn.drain();
  dash.conn.drain();

  const standby = await join(f.hub, f.standby(f.appt.id));
  standby.session.receive(encode({ type: "ping", id: 1 }));
  deepStrictEqual(standby.conn.drain(), [
    {
      type: "held",
      messages: [{ type: "offer", from: "client", sdp: "OFFER" }, iceFrom(1, "client")],
    },
    { type: "pong", id: 1 },
  ], "it is shown what is held for the professional, and nothing else");
  deepStrictEqual(client.conn.drain(), [], "the client does not see the professional yet");
  deepStrictEqual(dash.conn.drain(), [], "nor does the status move");
  strictEqual(f.hub.metrics().bufferedMessages, 2);
  strictEqual(f.hub.metrics().openSockets, 3);

  standby.session.receive(encode({ type: "join" }));
  await tick();
  const got = standby.conn.drain();
  strictEqual(got[0].type, "welcome");
  deepStrictEqual(
    got[0].type === "welcome" && got[0].participants.some((p) => p.id === "client"),
    true,
  );
  deepStrictEqual(got.slice(1), [
    { type: "offer", from: "client", sdp: "OFFER" },
    iceFrom(1, "client"),
  ]);
  deepStrictEqual(client.conn.drain(), [{ type: "peer", id: "pro", state: "joined" }]);

  standby.session.receive(encode({ type: "answer", to: "client", sdp: "ANSWER" }));
  deepStrictEqual(client.conn.drain(), [{ type: "answer", from: "pro", sdp: "ANSWER" }]);
  strictEqual(dash.conn.ofType("status").at(-1)?.status, "in_call");
  await f.hub.close();
});

Deno.test("hub: a standby socket is shown what is held for the professional anew at each change", async () => {
  const f = await setup();
  const standby = await join(f.hub, f.standby(f.appt.id));
  const elsewhere = await join(f.hub, f.standby(f.other.id, f.strangerId));
  deepStrictEqual(standby.conn.drain(), [], "no room yet: nothing to show");
  const client = await join(f.hub, f.client());
  const offer = { type: "offer", from: "client", sdp: "OFFER 1" } as const;
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "OFFER 1" }));
  client.session.receive(encode(ice(1, "pro")));
  deepStrictEqual(standby.conn.drain(), [
    { type: "held", messages: [offer] },
    { type: "held", messages: [offer, iceFrom(1, "client")] },
  ]);
  // A newer offer replaces the older one and its candidates, here as in what join delivers.
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "OFFER 2" }));
  deepStrictEqual(standby.conn.drain(), [
    { type: "held", messages: [{ type: "offer", from: "client", sdp: "OFFER 2" }] },
  ]);
  // The client leaves: what it sent goes, and the standby socket is shown nothing held.
  client.session.receive(encode({ type: "leave" }));
  deepStrictEqual(standby.conn.drain(), [{ type: "held", messages: [] }]);
  deepStrictEqual(
    elsewhere.conn.drain(),
    [],
    "another appointment's standby socket sees none of it",
  );
  await f.hub.close();
});

Deno.test("hub: a seated professional is not shown what is held (it is delivered)", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "OFFER" }));
  const standby = await join(f.hub, f.standby(f.appt.id));
  standby.session.receive(encode({ type: "join" }));
  await tick();
  standby.conn.drain();
  // Held for the professional no more: taken on join. A guest's offer would be relayed now.
  client.session.receive(encode(ice(2, "pro")));
  deepStrictEqual(standby.conn.drain(), [iceFrom(2, "client")]);
  await f.hub.close();
});

Deno.test("hub: what a standby socket sends right after join waits for its seat, in order", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  client.conn.drain();
  const standby = await join(f.hub, f.standby(f.appt.id));
  standby.session.receive(encode({ type: "join" }));
  standby.session.receive(encode({ type: "media", audio: true, video: false }));
  standby.session.receive(encode(ice(7, "client")));
  deepStrictEqual(client.conn.drain(), [], "nothing passes before the seat is taken");
  await tick();
  const rosters = client.conn.rosters();
  deepStrictEqual(client.conn.drain(), [
    { type: "peer", id: "pro", state: "joined" },
    iceFrom(7, "pro"),
  ]);
  deepStrictEqual(
    rosters.at(-1)?.find((p) => p.id === "pro")?.media,
    { audio: true, video: false },
    "the media state goes into the roster",
  );
  await f.hub.close();
});

Deno.test("hub: before join, a standby socket relays nothing and its departure is not announced", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  client.conn.drain();
  const standby = await join(f.hub, f.standby(f.appt.id));
  standby.session.receive(encode({ type: "offer", to: "client", sdp: "EARLY" }));
  deepStrictEqual(standby.conn.drain(), [
    { type: "error", code: "no_room", message: "this socket is in no call" },
  ]);
  standby.session.closed();
  deepStrictEqual(client.conn.drain(), []);
  strictEqual(f.hub.metrics().openSockets, 1);
  strictEqual(f.hub.metrics().messagesRejected.no_room, 1);
  await f.hub.close();
});

Deno.test("hub: join is refused (1008) on a seated call socket and on a dashboard socket", async () => {
  const f = await setup();
  for (const p of [f.pro(f.appt.id), f.pro(null)]) {
    const s = await join(f.hub, p);
    s.session.receive(encode({ type: "join" }));
    strictEqual(s.conn.closeCode, CloseCode.POLICY);
    strictEqual(s.conn.closeReason, CloseReason.INVALID_MESSAGE);
  }
  // A second join on a standby socket is refused too: it is seated (or being seated) already.
  const standby = await join(f.hub, f.standby(f.appt.id));
  standby.session.receive(encode({ type: "join" }));
  standby.session.receive(encode({ type: "join" }));
  await tick();
  strictEqual(standby.conn.closeCode, CloseCode.POLICY);
  strictEqual(f.hub.metrics().messagesRejected.invalid_message, 3);
  await f.hub.close();
});

Deno.test("hub: a standby socket gets the same admission checks as a call socket", async () => {
  const f = await setup();
  const intruder = await join(f.hub, f.standby(f.appt.id, f.strangerId));
  strictEqual(intruder.conn.closeCode, CloseCode.POLICY);
  strictEqual(intruder.conn.closeReason, CloseReason.FORBIDDEN);
  const unknown = await join(f.hub, f.standby("no-such-appointment"));
  strictEqual(unknown.conn.closeReason, CloseReason.NOT_FOUND);
  strictEqual(f.hub.metrics().openSockets, 0);
  await f.hub.close();
});

Deno.test("hub: an appointment cancelled while its socket stood by refuses the join with 4005", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  client.conn.drain();
  const standby = await join(f.hub, f.standby(f.appt.id));
  await f.store.setStatus(f.appt.id, "cancelled", "professional", "cancelled elsewhere");
  standby.session.receive(encode({ type: "join" }));
  standby.session.receive(encode({ type: "media", audio: true, video: true }));
  await tick();
  strictEqual(standby.conn.closeCode, CloseCode.CANCELLED);
  strictEqual(standby.conn.closeReason, CloseReason.CANCELLED);
  deepStrictEqual(client.conn.drain(), [], "the client never saw the professional");
  strictEqual(f.hub.metrics().openSockets, 1);
  await f.hub.close();
});

Deno.test("hub: a store failure during join closes the standby socket with 1011", async () => {
  const f = await setup();
  const standby = await join(f.hub, f.standby(f.appt.id));
  f.store.close(); // the real store fails every call from now on, some of them by throwing at once
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => errors.push(line);
  try {
    standby.session.receive(encode({ type: "join" }));
    await tick();
  } finally {
    console.error = original;
  }
  strictEqual(standby.conn.closeCode, CloseCode.INTERNAL_ERROR);
  strictEqual(f.hub.metrics().storeErrors, 1);
  strictEqual(errors.length, 1);
  strictEqual(errors[0].includes("Grace"), false);
  await f.hub.close();
});
