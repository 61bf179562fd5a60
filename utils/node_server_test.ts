import assert from "node:assert/strict";
import { type NodeServer, type NodeServerOptions, serveNode } from "./node_server.ts";

type Fetch = NodeServerOptions["fetch"];
type Upgrade = NodeServerOptions["upgrade"]["handle"];

async function withServer(
  fetch: Fetch,
  fn: (s: NodeServer) => Promise<void>,
  upgrade: Upgrade = () => Promise.resolve(new Response("no\n", { status: 404 })),
): Promise<void> {
  const server = await serveNode({
    hostname: "127.0.0.1",
    port: 0,
    fetch,
    upgrade: { path: "/ws", handle: upgrade },
  });
  try {
    await fn(server);
  } finally {
    await server.shutdown(1_000);
  }
}

/** A raw connection that reads until `text` arrives or the server ends it. */
async function rawRequest(
  s: NodeServer,
  head: string,
): Promise<{ conn: Deno.Conn; readUntil(text: string): Promise<string> }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: s.addr.port });
  await conn.write(new TextEncoder().encode(head));
  let got = "";
  const buf = new Uint8Array(16 * 1024);
  return {
    conn,
    async readUntil(text) {
      while (!got.includes(text)) {
        const n = await conn.read(buf);
        if (n === null) break;
        got += new TextDecoder().decode(buf.subarray(0, n));
      }
      return got;
    },
  };
}

Deno.test("node server: a chunked request body reaches the handler as a stream, unbuffered", async () => {
  const firstChunk = Promise.withResolvers<number>();
  await withServer(async (req) => {
    const reader = req.body!.getReader();
    const { value } = await reader.read();
    firstChunk.resolve(value?.byteLength ?? 0);
    reader.cancel();
    return new Response(`first chunk ${value?.byteLength}\n`);
  }, async (s) => {
    const chunk = "a".repeat(1000);
    const { conn, readUntil } = await rawRequest(
      s,
      `POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${chunk.length.toString(16)}\r\n${chunk}\r\n`,
    );
    try {
      // The body is unfinished (no last chunk): an adapter that buffered it would never answer.
      assert.ok((await firstChunk.promise) > 0);
      assert.match(await readUntil("first chunk"), /^HTTP\/1\.1 200 OK[\s\S]*first chunk \d+/);
    } finally {
      conn.close();
    }
  });
});

Deno.test("node server: a streamed response arrives chunk by chunk", async () => {
  const sawFirst = Promise.withResolvers<void>();
  await withServer(() => {
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(new TextEncoder().encode("first\n"));
        await sawFirst.promise;
        c.enqueue(new TextEncoder().encode("second\n"));
        c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/plain" } });
  }, async (s) => {
    const res = await fetch(`http://127.0.0.1:${s.addr.port}/stream`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("first")) text += (await reader.read()).value;
    sawFirst.resolve();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    assert.equal(text, "first\nsecond\n");
  });
});

Deno.test("node server: the handler sees the peer's address and port, and the real port is bound", async () => {
  await withServer((_req, info) => Response.json(info.remoteAddr), async (s) => {
    assert.ok(s.addr.port > 0);
    assert.equal(s.addr.hostname, "127.0.0.1");
    const { conn, readUntil } = await rawRequest(
      s,
      "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    try {
      const body = (await readUntil("}")).split("\r\n\r\n")[1];
      assert.deepEqual(JSON.parse(body), {
        transport: "tcp",
        hostname: "127.0.0.1",
        port: (conn.localAddr as Deno.NetAddr).port,
      });
    } finally {
      conn.close();
    }
  });
});

Deno.test("node server: upgrades of other paths are plain requests; refusals are full HTTP answers", async () => {
  const upgrades: string[] = [];
  await withServer(
    (req) => new Response(`fetch ${new URL(req.url).pathname}\n`),
    async (s) => {
      const upgradeHead = (path: string, host = "x") =>
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`;
      const other = await rawRequest(s, upgradeHead("/elsewhere"));
      assert.match(await other.readUntil("fetch /elsewhere"), /^HTTP\/1\.1 200 /);
      other.conn.close();

      const refused = await rawRequest(s, upgradeHead("/ws?x=1"));
      const answer = await refused.readUntil("go away\n");
      refused.conn.close();
      assert.match(answer, /^HTTP\/1\.1 403 Forbidden\r\n/);
      assert.match(answer, /\r\ncontent-length: 8\r\n/);
      assert.match(answer, /\r\nconnection: close\r\n/);
      assert.match(answer, /\r\nx-why: test\r\n/);
      assert.deepEqual(upgrades, ["http://x/ws?x=1"]);

      const throwing = await rawRequest(s, upgradeHead("/ws?throw"));
      assert.match(await throwing.readUntil("\r\n\r\n"), /^HTTP\/1\.1 500 /);
      throwing.conn.close();

      const badHost = await rawRequest(s, upgradeHead("/ws", "a/b"));
      assert.match(await badHost.readUntil("\r\n\r\n"), /^HTTP\/1\.1 400 /);
      badHost.conn.close();
    },
    (req) => {
      if (req.url.endsWith("?throw")) return Promise.reject(new Error("boom"));
      upgrades.push(req.url);
      return Promise.resolve(
        new Response("go away\n", { status: 403, headers: { "x-why": "test" } }),
      );
    },
  );
});

Deno.test("node server: shutdown closes idle connections at once and drops an unanswered request after the grace", async () => {
  const server = await serveNode({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => new Response(`${(await req.text()).length}\n`),
    upgrade: { path: "/ws", handle: () => Promise.resolve(null) },
  });
  const idle = await rawRequest(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  await idle.readUntil("\r\n\r\n"); // answered; the connection stays open (keep-alive)
  assert.equal(await server.shutdown(2_000), true);
  idle.conn.close();

  const stuck = await serveNode({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => new Response(`${(await req.text()).length}\n`),
    upgrade: { path: "/ws", handle: () => Promise.resolve(null) },
  });
  const open = await rawRequest(
    stuck,
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n",
  );
  await open.readUntil("100 Continue");
  const started = Date.now();
  assert.equal(await stuck.shutdown(300), false);
  assert.ok(Date.now() - started >= 300);
  assert.equal(
    await open.readUntil("never"),
    "HTTP/1.1 100 Continue\r\n\r\n",
    "dropped unanswered",
  );
  open.conn.close();
});
