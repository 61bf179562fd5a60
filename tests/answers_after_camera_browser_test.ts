/**
 * When the answers made ahead go out after "Join call" (call/ui/use_in_page_call.ts), system
 * Chromium, fake devices: never at the click, but once the professional's camera is up or
 * ANSWERS_WAIT_MS after the click, whichever comes first. With the camera's own speed (it may be
 * quick, or slow on a loaded machine) the answer waits for one of the two; with a camera held
 * back 1.5 s the answer leaves before it, after the wait. Either way the call runs on the
 * connection answered ahead, frames both ways. The page records when (performance.now) the
 * click came, `getUserMedia` resolved (held back by the test's delay, if any) and each message
 * left on a WebSocket.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { endForEveryone, waitForRemoteVideo } from "./helpers/call_flow.ts";
import { ANSWERS_WAIT_MS } from "../call/ui/use_in_page_call.ts";
import { withClientWaiting } from "./helpers/call_setup.ts";

/** Records, in `window.__at`, when the click, the camera and each message sent came. */
const recordTimes = (cameraDelayMs: number) => `
  (() => {
    window.__at = {};
    const first = (name) => { window.__at[name] ??= performance.now(); };
    addEventListener("click", (e) => {
      if (/Join call/.test(e.target?.closest?.("a")?.textContent ?? "")) first("click");
    }, true);
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => {
      const stream = await gum(c);
      if (${cameraDelayMs} > 0) await new Promise((r) => setTimeout(r, ${cameraDelayMs}));
      first("camera up");
      return stream;
    };
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      try {
        first("sent " + JSON.parse(data).type);
      } catch { /* not JSON: not ours */ }
      return send.call(this, data);
    };
  })();
`;

/** The wait, less a millisecond of timer and clock rounding. */
const WAITED_MS = ANSWERS_WAIT_MS - 1;

type Times = Record<"click" | "camera up" | "sent answer", number>;

const timesOf = (pro: Page) =>
  pro.evaluate(() => (window as unknown as { __at: Times }).__at) as Promise<Times>;

for (
  const { name, cameraDelayMs, check } of [
    {
      name: "the answer waits for the camera, or for the wait at most",
      cameraDelayMs: 0,
      check: (at: Times) => {
        const waited = at["sent answer"] - at.click;
        assert.ok(
          at["sent answer"] >= at["camera up"] || waited >= WAITED_MS,
          `answer ${waited.toFixed(1)} ms after the click, camera up after ` +
            `${(at["camera up"] - at.click).toFixed(1)} ms`,
        );
      },
    },
    {
      name: "a slow camera (1.5 s): the answer leaves before it is up, after the wait",
      cameraDelayMs: 1_500,
      check: (at: Times) => {
        assert.ok(at["sent answer"] < at["camera up"], "the answer did not wait for the camera");
        assert.ok(
          at["sent answer"] - at.click >= WAITED_MS,
          "it waited for the camera first",
        );
      },
    },
  ]
) {
  Deno.test({
    name: `browser: Join call, ${name}; the call runs`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      await withClientWaiting({
        clientName: "Camera Order Client",
        initScript: recordTimes(cameraDelayMs),
      }, async ({ pro, client, banner }) => {
        // The answer is made ahead (not sent) before the click.
        await pro.waitForFunction(() =>
          (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
            .some((pc) => pc.localDescription?.type === "answer")
        );
        await banner.getByRole("link", { name: /Join call/ }).click();
        assert.ok(await waitForRemoteVideo(pro) > 0, "the professional sees the client");
        assert.ok(await waitForRemoteVideo(client) > 0, "the client sees the professional");
        check(await timesOf(pro));
        const pcs = await pro.evaluate(() =>
          (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) =>
            pc.connectionState !== "closed"
          ).length
        );
        assert.equal(pcs, 1, "the call runs on the connection answered ahead");
        await endForEveryone(pro);
        await client.getByTestId("end-screen").waitFor();
      });
    },
  });
}
