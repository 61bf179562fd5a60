/**
 * When the answers made ahead go out (call/ui/use_in_page_call.ts ANSWERS_WAIT_MS), system
 * Chromium, fake devices: after "Join call", the answer to the waiting client leaves once the
 * professional's camera is up, not at the click; a camera that takes longer than that wait does
 * not hold the answer back until it is up. Either way the call runs on the connection answered
 * ahead, frames both ways. The page's order of events is recorded by an init script: when
 * `getUserMedia` resolved (held back by `__cameraDelayMs` when set) and when each message left
 * on a WebSocket.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { clientWaiting, endForEveryone, waitForRemoteVideo } from "./helpers/call_flow.ts";

/** Records, in `window.__events`, the camera coming up and each message sent, in order. */
const recordEvents = (cameraDelayMs: number) => `
  (() => {
    window.__events = [];
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => {
      const stream = await gum(c);
      if (${cameraDelayMs} > 0) await new Promise((r) => setTimeout(r, ${cameraDelayMs}));
      window.__events.push("camera up");
      return stream;
    };
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      try {
        window.__events.push("sent " + JSON.parse(data).type);
      } catch { /* not JSON: not ours */ }
      return send.call(this, data);
    };
  })();
`;

/** The page's events from the click's `join` on. */
const eventsSinceJoin = async (pro: Page) => {
  const events = await pro.evaluate(() => (window as unknown as { __events: string[] }).__events);
  return events.slice(events.indexOf("sent join"));
};

for (
  const { name, cameraDelayMs, expected } of [
    {
      name: "the camera up quickly: the answer leaves once it is up",
      cameraDelayMs: 0,
      expected: ["sent join", "camera up", "sent answer"],
    },
    {
      name: "a slow camera (1.5 s): the answer leaves before it is up",
      cameraDelayMs: 1_500,
      expected: ["sent join", "sent answer", "camera up"],
    },
  ]
) {
  Deno.test({
    name: `browser: Join call, ${name}; the call runs`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const app = await startApp({ env: { DEMO: "1" } });
      const browser = await launchBrowser();
      try {
        const { pro, client, banner } = await clientWaiting(browser, app, {
          clientName: "Camera Order Client",
          initScript: recordEvents(cameraDelayMs),
        });
        // The answer is made ahead (not sent) before the click.
        await pro.waitForFunction(() =>
          (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
            .some((pc) => pc.localDescription?.type === "answer")
        );
        await banner.getByRole("link", { name: /Join call/ }).click();
        assert.ok(await waitForRemoteVideo(pro) > 0, "the professional sees the client");
        assert.ok(await waitForRemoteVideo(client) > 0, "the client sees the professional");
        const order = (await eventsSinceJoin(pro)).filter((e) => expected.includes(e));
        assert.deepEqual(order.slice(0, expected.length), expected);
        const pcs = await pro.evaluate(() =>
          (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) =>
            pc.connectionState !== "closed"
          ).length
        );
        assert.equal(pcs, 1, "the call runs on the connection answered ahead");
        await endForEveryone(pro);
        await client.getByTestId("end-screen").waitFor();
      } finally {
        await browser.close();
        await app.stop();
      }
    },
  });
}
