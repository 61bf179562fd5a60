/**
 * The server process stops on SIGTERM: open signaling sockets are told 1001, and a request still
 * open is dropped after the grace time instead of keeping the process alive forever (a graceful
 * shutdown alone would wait for it: app/serve.ts, SHUTDOWN_GRACE_MS).
 */
import assert from "node:assert/strict";
import { withProtocolVersion } from "../signaling/protocol.ts";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client } from "./helpers/browserless_client.ts";
import { testSecret } from "./helpers/tokens.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { CloseCode, CloseReason } from "../signaling/protocol.ts";
import { within } from "../utils/within.ts";

/** Reads from `conn` until `text` has arrived (or 10 s pass). */
async function readUntil(conn: Deno.Conn, text: string): Promise<string> {
  let got = "";
  const buf = new Uint8Array(1024);
  const reading = (async () => {
    while (!got.includes(text)) {
      const n = await conn.read(buf);
      if (n === null) break;
      got += new TextDecoder().decode(buf.subarray(0, n));
    }
  })();
  await within(reading, 10_000);
  return got;
}

Deno.test("SIGTERM: a request still waiting for its body is dropped after the grace time", async () => {
  const app = await startApp();
  const { hostname, port, host } = new URL(app.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    // Headers promise 1,000 bytes of JSON; 9 come, then nothing. The route waits for the rest.
    await conn.write(new TextEncoder().encode(
      `POST /api/validate-link HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
        "Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n",
    ));
    // The server has the request once it asks for the body.
    assert.match(await readUntil(conn, "\r\n\r\n"), /^HTTP\/1\.1 100 Continue/);
    await conn.write(new TextEncoder().encode('{"token":'));
    await app.stop(); // throws if the server is still running 15 s after SIGTERM
    assert.match(app.output(), /"msg":"requests still open at shutdown; stopping without them"/);
    assert.match(app.output(), /"msg":"stopped"/);
  } finally {
    conn.close();
  }
});

Deno.test("SIGTERM: an answered request whose body never ends does not hold the shutdown", async () => {
  const app = await startApp();
  const { hostname, port, host } = new URL(app.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(new TextEncoder().encode(
      `POST /dashboard HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${app.url}\r\n` +
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ncsrf=abc&",
    ));
    // Answered (401: no session) with its body still unfinished: nothing is left to wait for.
    assert.match(await readUntil(conn, "\r\n\r\n"), /^HTTP\/1\.1 401 /);
    await app.stop();
    assert.doesNotMatch(app.output(), /requests still open/);
    assert.match(app.output(), /"msg":"stopped"/);
  } finally {
    conn.close();
  }
});

Deno.test("SIGTERM: an open signaling socket is told 1001, and the process stops at once", async () => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-shutdown-" });
  const token = await addProfessional(dataDir, "Dr. Shutdown", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const pro = new Client(app.url);
  await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
  const cookie = [...pro.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const socket = new TestSocket(withProtocolVersion(`${app.url.replace("http", "ws")}/ws`), {
    cookie,
    origin: app.url,
  });
  try {
    await socket.nextOf("welcome");
    await app.stop();
    assert.deepEqual(await socket.closed, {
      code: CloseCode.GOING_AWAY,
      reason: CloseReason.SHUTDOWN,
    });
    assert.doesNotMatch(app.output(), /requests still open/);
  } finally {
    await socket.close();
  }
});

Deno.test("SIGTERM with nothing open stops at once, without the warning", async () => {
  const app = await startApp();
  await (await fetch(`${app.url}/healthz`)).body?.cancel();
  await app.stop();
  assert.doesNotMatch(app.output(), /requests still open/);
  assert.match(app.output(), /"msg":"stopped"/);
});
