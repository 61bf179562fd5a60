/**
 * The server process stops on SIGTERM even when a client holds a request open: Deno's graceful
 * shutdown alone would wait for it forever (utils/serve.ts, SHUTDOWN_GRACE_MS).
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { within } from "../utils/within.ts";

Deno.test("SIGTERM: a request whose body never arrives is left after the grace time", async () => {
  const app = await startApp();
  const { hostname, port, host } = new URL(app.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    // Headers promise 1,000 bytes of body; 9 come, then nothing.
    await conn.write(new TextEncoder().encode(
      `POST /dashboard HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${app.url}\r\n` +
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ncsrf=abc&",
    ));
    // The server has the request once it answers it (401: no session), body still unfinished.
    const head = new Uint8Array(64);
    const read = await within(conn.read(head), 10_000);
    assert.ok(read, "the server answered the request head within 10 s");
    assert.match(new TextDecoder().decode(head), /^HTTP\/1\.1 401 /);
    await app.stop(); // throws if the server is still running 15 s after SIGTERM
    assert.match(app.output(), /"msg":"requests still open at shutdown; stopping without them"/);
    assert.match(app.output(), /"msg":"stopped"/);
  } finally {
    conn.close();
  }
});

Deno.test("SIGTERM with nothing open stops at once, without the warning", async () => {
  const app = await startApp();
  await (await fetch(`${app.url}/healthz`)).body?.cancel();
  await app.stop();
  assert.doesNotMatch(app.output(), /requests still open/);
  assert.match(app.output(), /"msg":"stopped"/);
});
