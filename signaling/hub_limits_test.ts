import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CloseCode, CloseReason, encode, MAX_SDP_LENGTH } from "./protocol.ts";
import { DEFAULT_LIMITS } from "./hub_limits.ts";
import { join, setup } from "./testing/hub_fixture.ts";

Deno.test("hub: one professional's session cannot open more than its cap of sockets", async () => {
  const f = await setup();
  const cap = DEFAULT_LIMITS.socketsPerPro;
  // All at once, as a flood would: sockets still being admitted count too.
  const all = await Promise.all([
    ...Array.from({ length: cap }, () => join(f.hub, f.pro(null))),
    ...Array.from({ length: 4 }, () => join(f.hub, f.standby(f.appt.id))),
  ]);
  const refused = all.filter((s) => s.conn.closeCode !== undefined);
  strictEqual(refused.length, 4);
  for (const s of refused) {
    strictEqual(s.conn.closeCode, CloseCode.POLICY);
    strictEqual(s.conn.closeReason, CloseReason.TOO_MANY_SOCKETS);
    deepStrictEqual(s.conn.messages, [{
      type: "error",
      code: "too_many_sockets",
      message: CloseReason.TOO_MANY_SOCKETS,
    }]);
  }
  strictEqual(f.hub.metrics().openSockets, cap);
  strictEqual(f.hub.metrics().messagesRejected.too_many_sockets, 4);
  const stranger = await join(f.hub, f.pro(null, f.strangerId));
  strictEqual(stranger.conn.closeCode, undefined, "another professional is not affected");
  all[0].session.closed();
  const after = await join(f.hub, f.pro(null));
  strictEqual(after.conn.closeCode, undefined, "a closed socket frees its place");
  await f.hub.close();
});

Deno.test("hub: one appointment's client cannot open more than its cap of sockets", async () => {
  const f = await setup();
  const cap = DEFAULT_LIMITS.socketsPerClient;
  const all = await Promise.all(
    Array.from({ length: cap + 3 }, () => join(f.hub, f.client())),
  );
  const refused = all.filter((s) => s.conn.closeReason === CloseReason.TOO_MANY_SOCKETS);
  strictEqual(refused.length, 3);
  ok(refused.every((s) => s.conn.closeCode === CloseCode.POLICY));
  await f.hub.close();
});

Deno.test("hub: 200 rapid reconnects of a client announce one arrival to the professional", async () => {
  const f = await setup();
  const pro = await join(f.hub, f.pro(f.appt.id));
  for (let i = 0; i < 200; i++) {
    const c = await join(f.hub, f.client());
    c.session.receive(encode({ type: "offer", to: "pro", sdp: `offer ${i}` }));
  }
  const got = pro.conn.messages;
  strictEqual(got.filter((m) => m.type === "peer" && m.state === "joined").length, 1);
  strictEqual(got.filter((m) => m.type === "peer" && m.state === "left").length, 0);
  strictEqual(f.hub.metrics().openSockets, 2);
  await f.hub.close();
});

Deno.test("hub: a reconnect loop shares one rate limit instead of a fresh burst per socket", async () => {
  const f = await setup({ burst: 20, perSecond: 1 });
  const pro = await join(f.hub, f.pro(f.appt.id));
  let last;
  for (let i = 0; i < 50; i++) {
    last = await join(f.hub, f.client());
    last.session.receive(encode({ type: "offer", to: "pro", sdp: `offer ${i}` }));
  }
  strictEqual(pro.conn.ofType("offer").length, 20);
  strictEqual(last?.conn.closeCode, CloseCode.POLICY);
  strictEqual(last?.conn.closeReason, CloseReason.RATE_LIMIT);
  await f.hub.close();
});

Deno.test("hub: messages held for an absent party are capped in bytes, with buffer_full", async () => {
  const f = await setup();
  const client = await join(f.hub, f.client());
  client.conn.drain();
  // Answers are not folded into one like offers are: each one is held.
  const big = { type: "answer" as const, to: "pro", sdp: "a".repeat(MAX_SDP_LENGTH) };
  const fits = Math.floor(DEFAULT_LIMITS.roomBufferBytes / encode(big).length);
  for (let i = 0; i < fits + 2; i++) client.session.receive(encode(big));
  deepStrictEqual(client.conn.drain().map((m) => m.type), ["error", "error"]);
  const m = f.hub.metrics();
  strictEqual(m.bufferedMessages, fits);
  ok(m.bufferedBytes <= DEFAULT_LIMITS.roomBufferBytes, `${m.bufferedBytes} bytes held`);
  strictEqual(m.messagesRejected.buffer_full, 2);
  // Small messages still fit in what is left.
  client.session.receive(encode({ type: "media", audio: true, video: false }));
  deepStrictEqual(client.conn.drain(), []);
  const pro = await join(f.hub, f.pro(f.appt.id));
  strictEqual(pro.conn.ofType("answer").length, fits);
  strictEqual(f.hub.metrics().bufferedBytes, 0);
  await f.hub.close();
});
