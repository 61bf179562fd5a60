/**
 * Fuzz: rogue sockets of another appointment send ≥ 10,000 random and mutated
 * frames while a well-behaved pair keeps exchanging. Seeded, so a failure
 * replays identically (set FUZZ_SEED to try another sequence).
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CloseCode, encode } from "./protocol.ts";
import { startSignalingServer, type TestSignalingServer } from "./testing/signaling_server.ts";
import type { TestSocket } from "./testing/ws_client.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 0x5eed1234);
const FRAMES = 10_000;
const LANES = 4;

/** xorshift32: small, fast, reproducible. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

function randomString(rng: Rng, max: number): string {
  const n = Math.floor(rng() * max);
  let s = "";
  for (let i = 0; i < n; i++) {
    s += String.fromCharCode(
      rng() < 0.8 ? 32 + Math.floor(rng() * 95) : Math.floor(rng() * 0xffff),
    );
  }
  return s;
}

function randomValue(rng: Rng, depth = 0): unknown {
  switch (Math.floor(rng() * 8)) {
    case 0:
      return null;
    case 1:
      return rng() < 0.5;
    case 2:
      return pick(rng, [0, -1, 1.5, 1e308, -0, 2 ** 53, NaN]);
    case 3:
      return randomString(rng, 40);
    case 4:
      return depth > 3 ? [] : [randomValue(rng, depth + 1), randomValue(rng, depth + 1)];
    case 5:
      return depth > 3 ? {} : { [randomString(rng, 8)]: randomValue(rng, depth + 1) };
    case 6:
      return "ROGUE " + "s".repeat(Math.floor(rng() * 2000));
    default:
      return { candidate: "ROGUE", sdpMid: randomValue(rng, depth + 1) };
  }
}

function baseMessage(rng: Rng, victim: string): Record<string, unknown> {
  switch (Math.floor(rng() * 6)) {
    case 0:
      return { type: "offer", sdp: `ROGUE offer for ${victim}\r\n${randomString(rng, 200)}` };
    case 1:
      return { type: "answer", sdp: `ROGUE answer ${victim}` };
    case 2:
      return { type: "ice", candidate: { candidate: `ROGUE ${victim}`, sdpMid: "0" } };
    case 3:
      return { type: "media", audio: rng() < 0.5, video: rng() < 0.5 };
    case 4:
      return { type: "ping", id: Math.floor(rng() * 1000) };
    default:
      return rng() < 0.2 ? { type: "leave" } : { type: "ice", candidate: null };
  }
}

/** One fuzz frame: valid, mutated or garbage; about half are valid. */
function randomFrame(rng: Rng, victim: string): string | Uint8Array<ArrayBuffer> {
  const msg = baseMessage(rng, victim);
  const r = rng();
  if (r < 0.5) return JSON.stringify(msg);
  const keys = Object.keys(msg);
  switch (Math.floor(rng() * 11)) {
    case 0:
      return JSON.stringify({
        ...msg,
        [pick(rng, ["appointmentId", "room", "to", "proId"])]: victim,
      });
    case 1:
      delete msg[pick(rng, keys)];
      return JSON.stringify(msg);
    case 2:
      msg[pick(rng, keys)] = randomValue(rng);
      return JSON.stringify(msg);
    case 3:
      msg.type = pick(rng, [
        "newOffer",
        "newAnswer",
        "iceToServer",
        "getIce",
        "apptData",
        "welcome",
        "status",
        "peer",
        randomString(rng, 10),
      ]);
      return JSON.stringify(msg);
    case 4: {
      const text = JSON.stringify(msg);
      return text.slice(0, Math.floor(rng() * text.length));
    }
    case 5: {
      const text = JSON.stringify(msg);
      const at = Math.floor(rng() * text.length);
      return text.slice(0, at) + randomString(rng, 3) + text.slice(at + 1);
    }
    case 6:
      return randomString(rng, 300);
    case 7:
      return Uint8Array.from({ length: 1 + Math.floor(rng() * 64) }, () => rng() * 256);
    case 8:
      return "[".repeat(5000) + "]".repeat(5000);
    case 9:
      return rng() < 0.1
        ? JSON.stringify({ type: "offer", sdp: "ROGUE " + "x".repeat(70_000) })
        : `{"__proto__":{"type":"offer","sdp":"ROGUE"},"constructor":{"prototype":{}}}`;
    default:
      return JSON.stringify(randomValue(rng));
  }
}

/** Sends `count` frames on sockets of `other`, reconnecting after each close. */
async function rogueLane(s: TestSignalingServer, seed: number, count: number): Promise<number> {
  const rng = prng(seed);
  let sent = 0;
  let ws: TestSocket | null = null;
  while (sent < count) {
    if (ws === null || ws.isClosed) {
      if (rng() < 0.02) {
        const intruder = await s.open({ kind: "pro", professionalId: s.strangerId }, {
          appointment: s.appt.id,
        });
        strictEqual((await intruder.closed).code, CloseCode.POLICY);
      }
      ws = rng() < 0.8
        ? await s.open({ kind: "client", appointmentId: s.other.id, professionalId: s.strangerId })
        : await s.open({ kind: "pro", professionalId: s.strangerId }, { appointment: s.other.id });
      try {
        await ws.opened;
        await ws.nextOf("welcome");
      } catch {
        continue; // replaced by a sibling lane before its welcome
      }
    }
    ws.send(randomFrame(rng, s.appt.id));
    sent++;
    const id = `sync-${seed}-${sent}`;
    ws.send(encode({ type: "ping", id }));
    try {
      for (;;) {
        const msg = await ws.next();
        if (msg.type === "pong" && msg.id === id) break;
      }
    } catch {
      // Closed (invalid frame, rate limit, replaced by a sibling lane): reconnect.
    }
  }
  return sent;
}

Deno.test("fuzz: 10,000 rogue frames never cross appointments nor stop the server", async () => {
  const s = await startSignalingServer();
  try {
    const client = await s.open({
      kind: "client",
      appointmentId: s.appt.id,
      professionalId: s.proId,
    });
    await client.nextOf("welcome");
    const pro = await s.open({ kind: "pro", professionalId: s.proId }, { appointment: s.appt.id });
    await pro.nextOf("welcome");
    await client.nextOf("peer");
    client.send(encode({ type: "offer", to: "pro", sdp: "GOOD offer" }));
    deepStrictEqual(await pro.next(), { type: "offer", from: "client", sdp: "GOOD offer" });
    pro.send(encode({ type: "answer", to: "client", sdp: "GOOD answer" }));
    deepStrictEqual(await client.next(), { type: "answer", from: "pro", sdp: "GOOD answer" });

    let fuzzing = true;
    const lanes = Promise.all(
      Array.from({ length: LANES }, (_, i) => rogueLane(s, SEED + i, FRAMES / LANES)),
    ).finally(() => fuzzing = false);

    let exchanged = 0;
    while (fuzzing) {
      const c = { candidate: { candidate: `GOOD c ${exchanged}` } };
      const p = { candidate: { candidate: `GOOD p ${exchanged}` } };
      client.send(encode({ type: "ice", to: "pro", ...c }));
      pro.send(encode({ type: "ice", to: "client", ...p }));
      deepStrictEqual(await pro.next(), { type: "ice", from: "client", ...c });
      deepStrictEqual(await client.next(), { type: "ice", from: "pro", ...p });
      exchanged++;
      await new Promise((r) => setTimeout(r, 40)); // stay well under the rate limit
    }
    const sent = (await lanes).reduce((a, b) => a + b, 0);
    ok(sent >= FRAMES, `sent ${sent}`);
    ok(exchanged > 0);

    client.send(encode({ type: "offer", to: "pro", sdp: "GOOD renegotiation" }));
    deepStrictEqual(await pro.next(), { type: "offer", from: "client", sdp: "GOOD renegotiation" });
    pro.send(encode({ type: "answer", to: "client", sdp: "GOOD answer 2" }));
    deepStrictEqual(await client.next(), { type: "answer", from: "pro", sdp: "GOOD answer 2" });

    const leaks = [...client.received, ...pro.received].filter((f) => f.includes("ROGUE"));
    deepStrictEqual(leaks, []);
    await s.hub.settled();
    const audit = (await s.store.listAudit(s.appt.id)).map((e) => [e.action, e.detail]);
    deepStrictEqual(audit, [
      ["appointment.created", null],
      ["appointment.status", "scheduled -> waiting (client joined)"],
      ["appointment.status", "waiting -> in_call (answer relayed)"],
    ]);
    const rejected = s.hub.metrics().messagesRejected;
    ok(rejected.invalid_json > 0 && rejected.invalid_message > 0 && rejected.binary > 0);
    ok(rejected.forbidden > 0);

    const fresh = await s.open({ kind: "pro", professionalId: s.proId });
    strictEqual((await fresh.next()).type, "welcome");
  } finally {
    await s.shutdown();
  }
});
