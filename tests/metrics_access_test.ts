/**
 * Who may read `/metrics`, against the real server: without METRICS_TOKEN a
 * loopback peer only (and not through a proxy that says it forwards); with
 * it, a bearer token from any address, local or not.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";

const TOKEN = "metrics-token-for-tests-0123456789";

/** An address of this machine that is not loopback, so the server sees a non-local peer. */
function nonLoopbackAddress(): string {
  const found = Deno.networkInterfaces().find((i) =>
    i.family === "IPv4" && !i.address.startsWith("127.")
  );
  if (!found) throw new Error("this test needs a non-loopback IPv4 interface");
  return found.address;
}

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, auth: res.headers.get("www-authenticate"), text: await res.text() };
}

Deno.test({
  name: "metrics without METRICS_TOKEN: loopback only, never through a forwarding proxy",
  sanitizeResources: false,
  async fn() {
    const app = await startApp({ env: { HOSTNAME: "0.0.0.0" } });
    try {
      const port = new URL(app.url).port;
      const local = `http://127.0.0.1:${port}/metrics`;
      assert.equal((await scrape(local)).status, 200);

      const remote = await scrape(`http://${nonLoopbackAddress()}:${port}/metrics`);
      assert.equal(remote.status, 403);
      assert.match(remote.text, /set METRICS_TOKEN/);

      for (
        const [name, value] of [
          ["X-Forwarded-For", "203.0.113.7"],
          ["Forwarded", "for=203.0.113.7"],
          ["X-Real-IP", "203.0.113.7"],
        ]
      ) {
        const proxied = await scrape(local, { [name]: value });
        assert.equal(proxied.status, 403, name);
        assert.doesNotMatch(proxied.text, /process_resident_memory_bytes/);
      }
    } finally {
      await app.stop();
    }
  },
});

Deno.test({
  name: "metrics with METRICS_TOKEN: the bearer token is required from every address",
  sanitizeResources: false,
  async fn() {
    const app = await startApp({ env: { HOSTNAME: "0.0.0.0", METRICS_TOKEN: TOKEN } });
    try {
      const port = new URL(app.url).port;
      const urls = [
        `http://127.0.0.1:${port}/metrics`,
        `http://${nonLoopbackAddress()}:${port}/metrics`,
      ];
      for (const url of urls) {
        for (const auth of [undefined, `Bearer ${TOKEN}x`, `Basic ${btoa(`x:${TOKEN}`)}`]) {
          const refused = await scrape(url, auth ? { Authorization: auth } : {});
          assert.equal(refused.status, 401, `${url} ${auth}`);
          assert.match(refused.auth ?? "", /^Bearer\b/);
          assert.doesNotMatch(refused.text, /process_resident_memory_bytes/);
        }
        const ok = await scrape(url, { Authorization: `Bearer ${TOKEN}`, "X-Forwarded-For": "x" });
        assert.equal(ok.status, 200, url);
        assert.match(ok.text, /\nprocess_resident_memory_bytes \d+\n/);
      }
      assert.ok(!app.output().includes(TOKEN), "the metrics token reached the logs");
    } finally {
      await app.stop();
    }
  },
});
