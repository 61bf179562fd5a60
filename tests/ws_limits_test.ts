/**
 * The signaling socket's limits against the real server process (issue 16, findings 2 and 7):
 * a text message that never ends (FIN=0, then continuation frames far past the 64 KB message
 * limit) is refused with 1009 while the server's memory stays flat and it keeps answering; and a
 * client that floods or sends a bad message while it is still sending reads the close code and
 * reason, because the server finishes the closing handshake instead of dropping the connection.
 */
import assert from "node:assert/strict";
import { withProtocolVersion } from "../signaling/protocol.ts";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client } from "./helpers/browserless_client.ts";
import { testSecret } from "./helpers/tokens.ts";
import { clientFrame, openRaw } from "./helpers/raw_ws.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { CloseCode, CloseReason, MAX_MESSAGE_BYTES } from "../signaling/protocol.ts";
import { within } from "../utils/within.ts";

const MB = 1024 * 1024;
/** How much a fragment attack sends at most, and for how long. */
const ATTACK_BYTES = 128 * MB;
const ATTACK_MS = 60_000;
/** The server's resident memory may grow this much during an attack. */
const RSS_BOUND = 50 * MB;

async function metric(base: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = text.match(pattern);
  if (!m) throw new Error(`no ${pattern} in /metrics`);
  return Number(m[1]);
}
const rssOf = (base: string) => metric(base, /\nprocess_resident_memory_bytes (\d+)\n/);
const tooBigCount = (base: string) =>
  metric(base, /messages_rejected_total\{reason="too_big"\} (\d+)/);

/** /healthz answers 200 within 5 s. */
async function healthy(base: string): Promise<boolean> {
  const res = fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) });
  try {
    const r = await res;
    await r.body?.cancel();
    return r.status === 200;
  } catch {
    return false;
  }
}

/** Writes all of `bytes`; false if the connection is gone or the write stalls for 10 s. */
async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<boolean> {
  let off = 0;
  try {
    while (off < bytes.length) {
      const step = conn.write(bytes.subarray(off));
      let n = 0;
      if (!await within(step.then((w) => n = w), 10_000) || n === 0) return false;
      off += n;
    }
    return true;
  } catch {
    return false;
  }
}

Deno.test("signaling socket limits through the real server", async (t) => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-ws-limits-" });
  const proToken = await addProfessional(dataDir, "Dr. Limits", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const pro = new Client(app.url);
  const sockets: TestSocket[] = [];
  try {
    await (await pro.fetch(`/pro-link?token=${proToken}`)).body?.cancel();
    const cookie = [...pro.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const wsUrl = withProtocolVersion(`${app.url.replace("http", "ws")}/ws`);
    const headers = { cookie, origin: app.url };
    const dashboard = async () => {
      const s = new TestSocket(wsUrl, headers);
      sockets.push(s);
      await s.nextOf("welcome");
      return s;
    };

    for (const fragment of [16 * 1024, MB]) {
      await t.step(
        `a message that never ends, in ${
          fragment / 1024
        } KB fragments: 1009, flat memory, /healthz answers`,
        async () => {
          const before = await tooBigCount(app.url);
          const raw = await openRaw(wsUrl, headers);
          const payload = new Uint8Array(fragment).fill(0x61);
          const first = clientFrame(0x1, false, payload);
          const more = clientFrame(0x0, false, payload);
          const rssBefore = await rssOf(app.url);
          let peak = rssBefore;
          let sent = 0;
          let answered = true;
          const deadline = Date.now() + ATTACK_MS;
          // Keep sending after the server's Close frame too, as an attacker would.
          while (sent < ATTACK_BYTES && Date.now() < deadline) {
            if (!await writeAll(raw.conn, sent === 0 ? first : more)) break;
            sent += fragment;
            if (sent % (4 * MB) === 0) {
              answered &&= await healthy(app.url);
              peak = Math.max(peak, await rssOf(app.url));
            }
          }
          const closeFrame = await within(raw.closeFrame, 10_000) ? await raw.closeFrame : null;
          // Sending stopped: the server ends the connection within its close-handshake timeout.
          const ended = await within(raw.ended, 10_000);
          peak = Math.max(peak, await rssOf(app.url));
          answered &&= await healthy(app.url);
          raw.conn.close();
          const grew = peak - rssBefore;
          console.log(
            `fragments of ${fragment} B: sent ${(sent / MB).toFixed(1)} MB, server RSS ` +
              `+${(grew / MB).toFixed(1)} MB (peak ${(peak / MB).toFixed(1)} MB)`,
          );
          assert.deepEqual(closeFrame, { code: CloseCode.TOO_BIG, reason: CloseReason.TOO_BIG });
          assert.ok(grew < RSS_BOUND, `server RSS grew by ${(grew / MB).toFixed(1)} MB`);
          assert.ok(answered, "/healthz answered 200 throughout");
          assert.ok(ended, "the server ended the connection");
          assert.equal(await tooBigCount(app.url), before + 1, "counted as too_big");
        },
      );
    }

    await t.step("a text frame that is not UTF-8: 1007 invalid UTF-8", async () => {
      const raw = await openRaw(wsUrl, headers);
      await writeAll(raw.conn, clientFrame(0x1, true, new Uint8Array([0x7b, 0xff, 0x7d])));
      assert.deepEqual(await raw.closeFrame, { code: 1007, reason: "invalid UTF-8" });
      raw.conn.close();
      await raw.ended;
    });

    const ping = (i: number) => JSON.stringify({ type: "ping", id: i });

    await t.step("1,000 pings as fast as possible: the client reads 1008 rate limit", async () => {
      const s = await dashboard();
      for (let i = 0; i < 1000; i++) s.send(ping(i));
      assert.deepEqual(await s.closed, {
        code: CloseCode.POLICY,
        reason: CloseReason.RATE_LIMIT,
      });
    });

    const midStream: [string, string, number, string][] = [
      ["an oversized message", "x".repeat(MAX_MESSAGE_BYTES + 1), 1009, CloseReason.TOO_BIG],
      ["text that is not JSON", "{not json", 1007, CloseReason.INVALID_JSON],
      ["JSON that is no message", '{"type":"newOffer"}', 1008, CloseReason.INVALID_MESSAGE],
    ];
    for (const [what, frame, code, reason] of midStream) {
      await t.step(`${what} sent mid-stream: the client reads ${code} ${reason}`, async () => {
        const s = await dashboard();
        for (let i = 0; i < 20; i++) s.send(ping(i));
        s.send(frame);
        for (let i = 20; i < 500; i++) s.send(ping(i));
        assert.deepEqual(await s.closed, { code, reason });
      });
    }
  } finally {
    for (const s of sockets) await s.close().catch(() => {});
    await app.stop();
  }
});
