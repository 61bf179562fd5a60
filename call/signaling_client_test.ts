import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { SignalingClient, type SignalingHandlers } from "./signaling_client.ts";
import type { LinkState } from "./signaling_client.ts";
import type { ServerMessage } from "../signaling/protocol.ts";
import "./ui/english_words.ts";

const WELCOME: ServerMessage = {
  type: "welcome",
  role: "pro",
  id: "pro",
  appointment: null,
  participants: [],
};

/**
 * A loopback WebSocket server that records, per connection, its URL and the frames it got, and
 * answers `join` with a welcome. Upgrades whose URL `refuse` names get a 503 instead.
 */
function server({ refuse }: { refuse?: (url: string) => boolean } = {}) {
  const conns: { url: string; frames: string[]; socket: WebSocket }[] = [];
  const srv = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    if (refuse?.(req.url)) return new Response("down", { status: 503 });
    const { socket, response } = Deno.upgradeWebSocket(req);
    const conn = { url: req.url, frames: [] as string[], socket };
    conns.push(conn);
    socket.onmessage = (e) => {
      conn.frames.push(e.data);
      if (JSON.parse(e.data).type === "join") socket.send(JSON.stringify(WELCOME));
    };
    return response;
  });
  const base = `ws://127.0.0.1:${srv.addr.port}`;
  return { conns, base, close: () => srv.shutdown() };
}

/** Waits for `cond`, up to 10 s: a reconnect's jittered delay alone can take a second. */
async function until(cond: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function recording() {
  const states: LinkState[] = [];
  const messages: ServerMessage[] = [];
  const handlers: SignalingHandlers = {
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
  };
  return { states, messages, handlers };
}

Deno.test("signaling client: join on an open standby socket goes first; what came before attach is replayed", async () => {
  const s = server();
  const before = recording();
  const standby = new SignalingClient(`${s.base}/ws?appointment=a&standby=1`, before.handlers);
  await until(() => before.states.at(-1) === "open", "open");
  standby.join(`${s.base}/ws?appointment=a`);
  standby.send({ type: "media", audio: true, video: false });
  await until(() => s.conns[0].frames.length === 2, "two frames");
  deepStrictEqual(s.conns[0].frames.map((f) => JSON.parse(f).type), ["join", "media"]);
  await new Promise((r) => setTimeout(r, 50)); // the welcome arrives before the UI attaches
  const call = recording();
  standby.attach(call.handlers);
  deepStrictEqual(call.states, ["open"]);
  deepStrictEqual(call.messages, [WELCOME]);
  strictEqual(standby.url, `${s.base}/ws?appointment=a`);
  standby.close();
  await s.close();
});

Deno.test("signaling client: join on a standby socket still connecting is its first frame once open", async () => {
  const s = server();
  const standby = new SignalingClient(
    `${s.base}/ws?appointment=a&standby=1`,
    recording().handlers,
  );
  standby.join(`${s.base}/ws?appointment=a`);
  standby.send({ type: "media", audio: true, video: true });
  const call = recording();
  standby.attach(call.handlers);
  await until(() => call.messages.length === 1, "the welcome");
  deepStrictEqual(s.conns[0].frames.map((f) => JSON.parse(f).type), ["join", "media"]);
  deepStrictEqual(call.states, ["connecting", "open"]);
  standby.close();
  await s.close();
});

Deno.test("signaling client: joining a standby socket that dropped connects a call socket, without join", async () => {
  // Once dropped, the standby socket stays down: its reconnection (jittered from 0 ms) is refused.
  let down = false;
  const s = server({ refuse: (url) => down && url.includes("standby=1") });
  const before = recording();
  const standby = new SignalingClient(`${s.base}/ws?appointment=a&standby=1`, before.handlers);
  await until(() => before.states.at(-1) === "open", "open");
  down = true;
  s.conns[0].socket.close(1011, "restart");
  await until(() => before.states.at(-1) === "reconnecting", "the drop, seen by the client");
  standby.join(`${s.base}/ws?appointment=a`);
  standby.send({ type: "media", audio: true, video: true });
  standby.attach(recording().handlers);
  await until(() => s.conns.length === 2 && s.conns[1].frames.length === 1, "the call socket");
  strictEqual(new URL(s.conns[1].url).search, "?appointment=a");
  deepStrictEqual(s.conns[1].frames.map((f) => JSON.parse(f).type), ["media"]);
  standby.close();
  await s.close();
});

Deno.test("signaling client: a withdrawn link (4004) or a cancelled appointment (4005) is final", async () => {
  for (
    const [code, reason] of [[4004, "link withdrawn"], [4005, "appointment cancelled"]] as const
  ) {
    const s = server();
    const rec = recording();
    const finals: [number, string][] = [];
    const client = new SignalingClient(`${s.base}/ws?role=client`, {
      ...rec.handlers,
      onFinalClose: (c, r) => finals.push([c, r]),
    });
    await until(() => rec.states.at(-1) === "open", "open");
    s.conns[0].socket.close(code, reason);
    await until(() => finals.length === 1, "the final close");
    deepStrictEqual(finals, [[code, reason]]);
    deepStrictEqual(rec.states, ["connecting", "open", "closed"], "no reconnecting");
    // No retry is scheduled: the test's timer sanitizer would fail on a pending one.
    strictEqual(s.conns.length, 1);
    client.close();
    await s.close();
  }
});
