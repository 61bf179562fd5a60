/**
 * Groundwork of the full-mesh call, in Chromium with fake devices: one LocalMedia feeds a
 * PeerSession per remote participant (tests/helpers/mesh_page.ts, three participants in one
 * page). Both of my connections send my camera; a camera switch replaces the track in both
 * senders with no renegotiation on any connection; camera off reaches both; each sender takes
 * the per-peer bitrate for two peers.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser.ts";
import { videoBitrateFor } from "../call/sender_bitrate.ts";
import type { Mesh } from "./helpers/mesh_page.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Bundles the mesh page's code for the browser. */
async function bundleMeshPage(): Promise<string> {
  const result = await Deno.bundle({
    entrypoints: [new URL("./helpers/mesh_page.ts", import.meta.url).pathname],
    platform: "browser",
    format: "esm",
    write: false,
  });
  const file = result.outputFiles?.[0];
  if (!result.success || !file) {
    throw new Error(`bundling the mesh page failed: ${JSON.stringify(result.errors)}`);
  }
  return file.text();
}

// The page's `mesh`, as the functions run in the page see it.
declare global {
  var mesh: Mesh;
}

/** Waits until each other participant has received more of my video than in `than`. */
async function videoGrows(page: Page, than: Record<string, number>) {
  await page.waitForFunction(async (than) => {
    const now = await mesh.receivedFromMe();
    return Object.entries(than).every(([id, bytes]) => now[id] > bytes);
  }, than);
}

Deno.test({
  name: "browser: one LocalMedia feeds a PeerSession per remote participant; a switch reaches all",
  ...opts,
  async fn() {
    const js = await bundleMeshPage();
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/mesh.js") {
        return new Response(js, { headers: { "content-type": "text/javascript" } });
      }
      if (path === "/") {
        return new Response('<!doctype html><script type="module" src="/mesh.js"></script>', {
          headers: { "content-type": "text/html" },
        });
      }
      // Chromium asks for /favicon.ico on its own.
      return new Response(null, { status: path === "/favicon.ico" ? 204 : 404 });
    });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`http://127.0.0.1:${server.addr.port}/`);
      await page.waitForFunction(() => "mesh" in globalThis);
      await page.evaluate(() => mesh.start());
      await page.waitForFunction(() => mesh.connected(), undefined, { timeout: 20_000 });

      // I (client c2) am polite toward the professional and offer to them; c1, a client with a
      // smaller id, is polite toward me and offers: my tracks go in with addTrack on one
      // connection and into the offered transceivers on the other.
      assert.deepEqual(await page.evaluate(() => mesh.roles()), { pro: true, c1: false });
      const first = await page.evaluate(() => mesh.senders());
      assert.ok(first.cameraLive);
      for (const [id, s] of Object.entries(first.byRemote)) assert.ok(s.same, `${id}: my camera`);
      await videoGrows(page, { pro: 0, c1: 0 });
      const offersBefore = await page.evaluate(() => mesh.offers());
      assert.ok(Object.values(offersBefore).every((n) => n === 1), JSON.stringify(offersBefore));

      const bps = videoBitrateFor(2);
      await page.evaluate((bps) => mesh.cap(bps), bps);
      const capped = await page.evaluate(() => mesh.senders());
      for (const [id, s] of Object.entries(capped.byRemote)) {
        assert.equal(s.maxBitrate, bps, `${id}: capped for two peers`);
      }

      await page.waitForFunction(() => mesh.cameras() >= 3);
      const received = await page.evaluate(() => mesh.receivedFromMe());
      const target = await page.evaluate(() => mesh.switchCamera());
      const switched = await page.evaluate(() => mesh.senders());
      assert.equal(switched.camera, target);
      assert.notEqual(switched.camera, first.camera);
      for (const [id, s] of Object.entries(switched.byRemote)) {
        assert.ok(s.same, `${id}: the new camera`);
        assert.equal(s.maxBitrate, bps, `${id}: still capped`);
      }
      await videoGrows(page, received);
      assert.deepEqual(await page.evaluate(() => mesh.offers()), offersBefore);

      await page.evaluate(() => mesh.toggleCam());
      const off = await page.evaluate(() => mesh.senders());
      for (const [id, s] of Object.entries(off.byRemote)) assert.equal(s.enabled, false, id);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});
