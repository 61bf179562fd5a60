/**
 * The real server's HTTP side on its transport (utils/node_server.ts): static files with ETags,
 * 304 and HEAD, the peer address behind `/metrics`' loopback check, the plain-HTTP answers of
 * `/ws`, and HTTPS with wss when TLS_CERT and TLS_KEY are set.
 */
import assert from "node:assert/strict";
import { WebSocket } from "ws";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client } from "./helpers/browserless_client.ts";
import { testSecret } from "./helpers/tokens.ts";
import { withProtocolVersion } from "../signaling/protocol.ts";

Deno.test("HTTP on the real server: ETag, 304, HEAD, /metrics from loopback, /ws without upgrade", async () => {
  const app = await startApp();
  try {
    const css = await fetch(`${app.url}/styles.css`);
    const body = await css.text();
    const etag = css.headers.get("etag");
    assert.equal(css.status, 200);
    assert.ok(body.length > 0 && etag);

    const again = await fetch(`${app.url}/styles.css`, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), "");

    const head = await fetch(`${app.url}/styles.css`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("etag"), etag);
    assert.equal(await head.text(), "");

    const metrics = await fetch(`${app.url}/metrics`);
    assert.equal(metrics.status, 200, "the loopback peer address reaches the route");
    await metrics.body?.cancel();

    const plain = await fetch(`${app.url}/ws`);
    assert.equal(plain.status, 426);
    assert.equal(plain.headers.get("upgrade"), "websocket");
    await plain.body?.cancel();
    const post = await fetch(`${app.url}/ws`, { method: "POST", body: "x" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET");
    await post.body?.cancel();
  } finally {
    await app.stop();
  }
});

/** A self-signed certificate for 127.0.0.1, made with openssl. */
async function selfSigned(dir: string): Promise<{ cert: string; key: string }> {
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  const out = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      // A leaf, not a CA: rustls refuses a CA certificate as the server's own.
      "-addext",
      "basicConstraints=critical,CA:FALSE",
      "-addext",
      "extendedKeyUsage=serverAuth",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return { cert, key };
}

/** Opens a wss socket; resolves with its first message, or rejects with the refusal status. */
function firstMessage(url: string, ca: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ca, headers });
    ws.on("message", (data) => {
      resolve(String(data));
      ws.close(1000);
    });
    ws.on("unexpected-response", (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.on("error", reject);
    ws.on("close", (code) => reject(new Error(`closed ${code} before any message`)));
  });
}

Deno.test("TLS_CERT and TLS_KEY: HTTPS and wss, with the same session checks", async () => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-tls-" });
  const files = await selfSigned(dataDir);
  const ca = await Deno.readTextFile(files.cert);
  const token = await addProfessional(dataDir, "Dr. Secure", { LINK_SECRET: secret });
  const app = await startApp({
    dataDir,
    env: { LINK_SECRET: secret, TLS_CERT: files.cert, TLS_KEY: files.key },
  });
  const client = Deno.createHttpClient({ caCerts: [ca] });
  // Deno's fetch takes `client`; the project's "dom" lib types do not know it.
  const trusting = { client } as RequestInit;
  try {
    assert.match(app.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${app.url}/healthz`, trusting);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });

    const pro = new Client(app.url);
    const exchanged = await pro.fetch(`/pro-link?token=${token}`, trusting);
    await exchanged.body?.cancel();
    assert.equal(exchanged.status, 303);
    const cookie = [...pro.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

    const wss = `${app.url.replace("https", "wss")}${withProtocolVersion("/ws")}`;
    const welcome = JSON.parse(await firstMessage(wss, ca, { cookie, origin: app.url }));
    assert.equal(welcome.type, "welcome");
    await assert.rejects(firstMessage(wss, ca, { origin: app.url }), /HTTP 401/);
    await assert.rejects(firstMessage(wss, ca, { cookie, origin: "https://evil.example" }), /403/);
  } finally {
    client.close();
    await app.stop();
  }
});
