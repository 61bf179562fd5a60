import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CloseCode, CloseReason, encode, MAX_MESSAGE_BYTES } from "./protocol.ts";
import { startSignalingServer, type TestSignalingServer } from "./testing/signaling_server.ts";
import type { TestSocket } from "./testing/ws_client.ts";

const SDP_OFFER = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0 1",
  "a=msid-semantic: WMS",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111",
  "a=fingerprint:sha-256 0F:74:31:25:CB:A2:13:EC:28:6F:6D:2C:61:FF:5D:C2:BC:B9:DB:3D:98:14:8D:1A",
  'a=x-odd:"quoted" \\backslash\\ é 😀 \u2028',
  "",
].join("\r\n");

/** Candidate `n` of `side`: as sent to `to`, or (without `to`) as relayed from `side`. */
function candidate(side: string, n: number, to?: string) {
  return {
    type: "ice" as const,
    ...(to === undefined ? { from: side } : { to }),
    candidate: {
      candidate: `candidate:${n} 1 udp 2122260223 192.168.1.${n} ${50000 + n} typ host ${side}`,
      sdpMid: "0",
      sdpMLineIndex: 0,
      usernameFragment: "abcd",
    },
  };
}

async function withServer(
  fn: (s: TestSignalingServer) => Promise<void>,
  options?: Parameters<typeof startSignalingServer>[0],
): Promise<void> {
  const server = await startSignalingServer(options);
  try {
    await fn(server);
  } finally {
    await server.shutdown();
  }
}

async function client(s: TestSignalingServer, opts = {}): Promise<TestSocket> {
  const ws = await s.open(
    { kind: "client", appointmentId: s.appt.id, professionalId: s.proId },
    opts,
  );
  await ws.opened;
  return ws;
}

async function pro(s: TestSignalingServer, appointment?: string): Promise<TestSocket> {
  const ws = await s.open({ kind: "pro", professionalId: s.proId }, { appointment });
  await ws.opened;
  return ws;
}

Deno.test("ws: full exchange — offer, answer, 20 ICE candidates each way, in order, SDP intact", async () => {
  await withServer(async (s) => {
    const dash = await pro(s);
    strictEqual((await dash.next()).type, "welcome");
    const c = await client(s);
    const cw = await c.nextOf("welcome");
    strictEqual(cw.role, "client");
    strictEqual(cw.appointment?.professionalName, "Dr. Ada");
    strictEqual(cw.appointment?.clientName, undefined);
    strictEqual((await dash.nextOf("status")).status, "waiting");

    const p = await pro(s, s.appt.id);
    const pw = await p.nextOf("welcome");
    strictEqual(pw.appointment?.clientName, "Grace Client");
    deepStrictEqual(pw.participants.map((x) => [x.id, x.presence]), [
      ["client", "present"],
      ["pro", "present"],
    ]);
    deepStrictEqual(await c.next(), { type: "peer", id: "pro", state: "joined" });

    c.send(encode({ type: "offer", to: "pro", sdp: SDP_OFFER }));
    const offer = await p.next();
    deepStrictEqual(offer, { type: "offer", from: "client", sdp: SDP_OFFER });
    strictEqual(
      p.received.at(-1),
      encode({ type: "offer", from: "client", sdp: SDP_OFFER }),
      "the SDP is relayed byte for byte",
    );
    let offered = await dash.nextOf("status");
    while (!offered.offerWaiting) offered = await dash.nextOf("status");
    strictEqual(offered.status, "waiting");

    const answerSdp = SDP_OFFER.replace("o=-", "o=answer");
    p.send(encode({ type: "answer", to: "client", sdp: answerSdp }));
    for (let i = 0; i < 20; i++) {
      c.send(encode(candidate("client", i, "pro")));
      p.send(encode(candidate("pro", i, "client")));
    }
    deepStrictEqual(await c.next(), { type: "answer", from: "pro", sdp: answerSdp });
    for (let i = 0; i < 20; i++) {
      deepStrictEqual(await p.next(), candidate("client", i));
      deepStrictEqual(await c.next(), candidate("pro", i));
    }
    c.send(encode({ type: "ice", to: "pro", candidate: null }));
    deepStrictEqual(await p.next(), { type: "ice", from: "client", candidate: null });
    strictEqual((await dash.nextOf("status")).status, "in_call");
  });
});

Deno.test("ws: buffering — the pro connecting late gets the offer and candidates in order", async () => {
  await withServer(async (s) => {
    const c = await client(s);
    await c.nextOf("welcome");
    c.send(encode({ type: "media", audio: true, video: false }));
    c.send(encode({ type: "offer", to: "pro", sdp: SDP_OFFER }));
    for (let i = 0; i < 15; i++) c.send(encode(candidate("client", i, "pro")));
    c.send(encode({ type: "ping", id: 1 }));
    await c.nextOf("pong"); // every frame above was handled

    const p = await pro(s, s.appt.id);
    const welcome = await p.nextOf("welcome");
    deepStrictEqual(welcome.participants[0].media, { audio: true, video: false });
    deepStrictEqual(await p.next(), { type: "offer", from: "client", sdp: SDP_OFFER });
    for (let i = 0; i < 15; i++) deepStrictEqual(await p.next(), candidate("client", i));
    p.send(encode({ type: "ping" }));
    deepStrictEqual(await p.next(), { type: "pong" });
  });
});

Deno.test("ws: isolation — another appointment's client and a non-owning pro reach nothing", async () => {
  await withServer(async (s) => {
    const c = await client(s);
    await c.nextOf("welcome");
    const p = await pro(s, s.appt.id);
    await p.nextOf("welcome");
    await c.nextOf("peer");

    const intruder = await s.open({ kind: "pro", professionalId: s.strangerId }, {
      appointment: s.appt.id,
    });
    deepStrictEqual(await intruder.closed, {
      code: CloseCode.POLICY,
      reason: CloseReason.FORBIDDEN,
    });
    deepStrictEqual(intruder.received, []);

    const strangerDash = await s.open({ kind: "pro", professionalId: s.strangerId });
    await strangerDash.nextOf("welcome");

    const rogue = await s.open({
      kind: "client",
      appointmentId: s.other.id,
      professionalId: s.strangerId,
    });
    await rogue.nextOf("welcome");
    rogue.send(encode({ type: "offer", to: "pro", sdp: "rogue offer" }));
    rogue.send(encode(candidate("rogue", 1, "pro")));
    rogue.send(encode({ type: "end" }));
    strictEqual((await rogue.nextOf("error")).code, "not_allowed", "a client cannot end it");
    rogue.send(JSON.stringify({ type: "offer", to: "pro", sdp: "x", appointmentId: s.appt.id }));
    deepStrictEqual(await rogue.closed, {
      code: CloseCode.POLICY,
      reason: CloseReason.INVALID_MESSAGE,
    });

    c.send(encode({ type: "offer", to: "pro", sdp: "good" }));
    deepStrictEqual(await p.next(), { type: "offer", from: "client", sdp: "good" });
    p.send(encode({ type: "ping", id: "sync" }));
    await p.nextOf("pong");
    c.send(encode({ type: "ping", id: "sync" }));
    await c.nextOf("pong");
    const leaked = [...c.received, ...p.received].filter((f) => f.includes("rogue"));
    deepStrictEqual(leaked, []);
    ok(rogue.received.every((f) => !f.includes("good") && !f.includes(s.appt.id)));
    strangerDash.send(encode({ type: "ping" }));
    await strangerDash.nextOf("pong");
    ok(strangerDash.received.every((f) => !f.includes(s.appt.id)));
    strictEqual((await s.store.getAppointment(s.appt.id))?.status, "waiting");
  });
});

Deno.test("ws: limits close with 1009, 1007, 1008, 1003", async () => {
  await withServer(async (s) => {
    const cases: [string | Uint8Array<ArrayBuffer>, number, string][] = [
      ["x".repeat(MAX_MESSAGE_BYTES + 1), CloseCode.TOO_BIG, CloseReason.TOO_BIG],
      ["{not json", CloseCode.INVALID_JSON, CloseReason.INVALID_JSON],
      [JSON.stringify({ type: "newOffer", offer: {} }), CloseCode.POLICY, "invalid message"],
      [new Uint8Array([1, 2, 3]), CloseCode.UNSUPPORTED_DATA, CloseReason.BINARY],
    ];
    for (const [frame, code, reason] of cases) {
      const c = await client(s);
      await c.nextOf("welcome");
      c.send(frame);
      deepStrictEqual(await c.closed, { code, reason });
    }
    const m = s.hub.metrics().messagesRejected;
    deepStrictEqual([m.too_big, m.invalid_json, m.invalid_message, m.binary], [1, 1, 1, 1]);
  });
});

Deno.test("ws: flooding closes with 1008 rate limit", async () => {
  await withServer(async (s) => {
    const c = await client(s);
    await c.nextOf("welcome");
    for (let i = 0; i < 30; i++) c.send(encode({ type: "ping", id: i }));
    // The server finishes the closing handshake while the flooder is still sending, so the
    // code arrives (it used to be an abnormal close, code 0, with Deno.serve's WebSocket).
    deepStrictEqual(await c.closed, { code: CloseCode.POLICY, reason: CloseReason.RATE_LIMIT });
    deepStrictEqual(c.received.filter((f) => f.includes("pong")).length, 10);
    deepStrictEqual(JSON.parse(c.received.at(-1)!), {
      type: "error",
      code: "rate_limit",
      message: CloseReason.RATE_LIMIT,
    });
    strictEqual(s.hub.metrics().messagesRejected.rate_limit, 1);
    strictEqual(s.hub.metrics().openSockets, 0);
  }, { limits: { burst: 10, perSecond: 1 } });
});

Deno.test("ws: an expired session is closed with 1008 by its timer", async () => {
  await withServer(async (s) => {
    // Expiry is in whole seconds from a floored `now`: 2 s leaves at least one second for the
    // upgrade (with 1 s the session could lapse before the handshake, and it did in CI).
    const c = await client(s, { ttlSec: 2 });
    await c.nextOf("welcome");
    deepStrictEqual(await c.closed, { code: CloseCode.POLICY, reason: CloseReason.EXPIRED });
  });
});

Deno.test("ws: a newer tab replaces the older one with 4001, the peer sees no 'left' nor 'joined'", async () => {
  await withServer(async (s) => {
    const first = await client(s);
    await first.nextOf("welcome");
    const p = await pro(s, s.appt.id);
    await p.nextOf("welcome");
    const second = await client(s);
    await second.nextOf("welcome");
    deepStrictEqual(await first.closed, {
      code: CloseCode.REPLACED,
      reason: "replaced by a newer connection",
    });
    second.send(encode({ type: "offer", to: "pro", sdp: "from the new tab" }));
    deepStrictEqual(await p.next(), { type: "offer", from: "client", sdp: "from the new tab" });
  });
});

Deno.test("ws: handshake refusals — 426, 403 foreign or missing Origin, 401 no or forged session", async () => {
  const other = await startSignalingServer();
  const forged = await other.sessions.cookie({ kind: "pro", professionalId: other.proId });
  await other.shutdown();
  await withServer(async (s) => {
    const cookie = await s.sessions.cookie({ kind: "pro", professionalId: s.proId });
    const upgrade = {
      Upgrade: "websocket",
      Connection: "Upgrade",
      "Sec-WebSocket-Version": "13",
      "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    };
    strictEqual(await s.handshake({ cookie, origin: s.origin }), 426);
    strictEqual(await s.handshake({ ...upgrade, cookie, origin: "http://evil.example" }), 403);
    strictEqual(await s.handshake({ ...upgrade, cookie, origin: "http://127.0.0.1:1" }), 403);
    strictEqual(await s.handshake({ ...upgrade, cookie, origin: "null" }), 403);
    strictEqual(await s.handshake({ ...upgrade, cookie }), 403);
    strictEqual(await s.handshake({ ...upgrade, origin: s.origin }), 401);
    strictEqual(await s.handshake({ ...upgrade, origin: s.origin, cookie: forged }), 401);
    strictEqual(
      await s.handshake({ ...upgrade, origin: s.origin, cookie: "fd_session=x.y.z" }),
      401,
    );
    strictEqual(await s.handshake({ ...upgrade, origin: "https://app.example", cookie }), 101);
    strictEqual(await s.handshake({ ...upgrade, origin: s.origin, cookie }), 101);
  }, { allowedOrigins: ["https://app.example"] });
});

Deno.test("ws: the dashboard sees waiting → in_call → completed", async () => {
  await withServer(async (s) => {
    const dash = await pro(s);
    await dash.nextOf("welcome");
    const c = await client(s);
    await c.nextOf("welcome");
    const waiting = await dash.nextOf("status");
    strictEqual(waiting.status, "waiting");
    strictEqual(waiting.clientPresent, true);
    c.send(encode({ type: "media", audio: true, video: true }));
    deepStrictEqual((await dash.nextOf("status")).clientMedia, { audio: true, video: true });
    const p = await pro(s, s.appt.id);
    await p.nextOf("welcome");
    c.send(encode({ type: "offer", to: "pro", sdp: SDP_OFFER }));
    await p.nextOf("offer");
    p.send(encode({ type: "answer", to: "client", sdp: "answer" }));
    await c.nextOf("answer");
    let status = await dash.nextOf("status");
    while (status.status === "waiting") status = await dash.nextOf("status");
    strictEqual(status.status, "in_call");
    p.send(encode({ type: "end" }));
    deepStrictEqual(await c.closed, {
      code: CloseCode.ENDED,
      reason: CloseReason.ENDED_FOR_EVERYONE,
    });
    status = await dash.nextOf("status");
    while (status.status === "in_call") status = await dash.nextOf("status");
    strictEqual(status.status, "completed");
    await s.hub.settled();
    strictEqual((await s.store.getAppointment(s.appt.id))?.status, "completed");
  });
});

Deno.test("ws: a socket of another protocol version, or of none, is closed with 4006", async () => {
  await withServer(async (s) => {
    const session = { kind: "client" as const, appointmentId: s.appt.id, professionalId: s.proId };
    for (const version of ["1", "3", null]) {
      const old = await s.open(session, { version });
      deepStrictEqual(await old.closed, { code: CloseCode.VERSION, reason: CloseReason.VERSION });
      deepStrictEqual(old.received, [], "refused before any welcome");
    }
    strictEqual(s.hub.metrics().messagesRejected.version, 3);
    const current = await s.open(session);
    strictEqual((await current.nextOf("welcome")).id, "client");
  });
});

Deno.test("ws: offers, answers and candidates reach only the participant they are addressed to", async () => {
  await withServer(async (s) => {
    const c = await client(s);
    await c.nextOf("welcome");
    const p = await pro(s, s.appt.id);
    await p.nextOf("welcome");
    await c.nextOf("peer");
    // Addressed to someone who is not in the call: a non-fatal error, the socket stays.
    c.send(encode({ type: "offer", to: "guest:nobody", sdp: "lost" }));
    const err = await c.nextOf("error");
    strictEqual(err.code, "unknown_participant");
    c.send(encode({ type: "ice", to: "client", candidate: null }));
    strictEqual((await c.nextOf("error")).code, "unknown_participant", "nor to oneself");
    c.send(encode({ type: "offer", to: "pro", sdp: "found" }));
    deepStrictEqual(await p.next(), { type: "offer", from: "client", sdp: "found" });
    p.send(encode({ type: "ping", id: "sync" }));
    await p.nextOf("pong");
    strictEqual(p.received.some((f) => f.includes("lost")), false);
    // `from` is the server's to set: a browser naming one is refused.
    c.send(JSON.stringify({ type: "offer", to: "pro", from: "pro", sdp: "spoofed" }));
    deepStrictEqual(await c.closed, {
      code: CloseCode.POLICY,
      reason: CloseReason.INVALID_MESSAGE,
    });
  });
});
