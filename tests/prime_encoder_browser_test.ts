/**
 * The camera's encoder is set up ahead (call/prime_encoder.ts), system Chromium, fake devices:
 * while a client waits, the professional's connection answered ahead is given one blank frame of
 * the camera's size on its video sender, which is then taken out again and the blank track
 * ended; the camera goes in at "Join call", after it. Joining while the blank frame is in (as
 * fresh as it can be), the client never sees it: the first frames it shows of the professional
 * are the camera's (the fake camera is green, the blank frame black).
 */
import assert from "node:assert/strict";
import { endForEveryone, waitForRemoteVideo } from "./helpers/call_flow.ts";
import { withClientWaiting } from "./helpers/call_setup.ts";

/** Every replaceTrack on a video sender: "blank" (a canvas track), "camera", or null. */
const RECORD_REPLACE = `
  (() => {
    window.__replaced = [];
    const replace = RTCRtpSender.prototype.replaceTrack;
    RTCRtpSender.prototype.replaceTrack = function (track) {
      if (!track || track.kind === "video") {
        const what = !track ? null : track instanceof CanvasCaptureMediaStreamTrack ? "blank" : "camera";
        const size = track && track.canvas ? [track.canvas.width, track.canvas.height] : null;
        window.__replaced.push({ what, track, size });
      }
      return replace.call(this, track);
    };
  })();
`;

/** The colour at the middle of the first four frames of the remote video: `window.__firstColours`. */
const RECORD_FIRST_COLOURS = `
  (() => {
    window.__firstColours = [];
    const poll = setInterval(() => {
      const v = document.querySelector('[data-testid="remote-video"]');
      if (!v || !("requestVideoFrameCallback" in v)) return;
      clearInterval(poll);
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 8;
      const g = canvas.getContext("2d", { willReadFrequently: true });
      const frame = () => {
        g.drawImage(v, 0, 0, 8, 8);
        window.__firstColours.push([...g.getImageData(4, 4, 1, 1).data.slice(0, 3)]);
        if (window.__firstColours.length < 4) v.requestVideoFrameCallback(frame);
      };
      v.requestVideoFrameCallback(frame);
    }, 2);
  })();
`;

type Replaced = {
  what: string | null;
  track: MediaStreamTrack | null;
  size: number[] | null;
};

Deno.test({
  name: "browser: the encoder is set up ahead with a blank frame nobody ever sees",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withClientWaiting({
      clientName: "Primed Client",
      initScript: RECORD_REPLACE,
      clientInitScript: RECORD_FIRST_COLOURS,
    }, async ({ pro, client, banner }) => {
      // Join as soon as the blank frame is in: it is as fresh as it can be when the connection
      // comes up, and the click ends the wait (the camera goes in once it is out).
      await pro.waitForFunction(
        () => (window as unknown as { __replaced: Replaced[] }).__replaced.length >= 1,
        undefined,
        { timeout: 15_000 },
      );
      await banner.getByRole("link", { name: /Join call/ }).click();
      assert.ok(await waitForRemoteVideo(client) > 0, "the client sees the professional");
      assert.ok(await waitForRemoteVideo(pro) > 0, "the professional sees the client");
      await client.waitForFunction(
        () => (window as unknown as { __firstColours: number[][] }).__firstColours.length >= 4,
        undefined,
        { timeout: 15_000 },
      );
      const colours = await client.evaluate(() =>
        (window as unknown as { __firstColours: number[][] }).__firstColours
      );
      for (const [r, g, b] of colours) {
        assert.ok(g > 150 && r < 150 && b < 150, `a camera frame, not the blank: ${[r, g, b]}`);
      }
      const ahead = await pro.evaluate(() => {
        const replaced = (window as unknown as { __replaced: Replaced[] }).__replaced;
        return {
          what: replaced.map((r) => r.what),
          blankEnded: replaced[0].track?.readyState,
          size: replaced[0].size,
        };
      });
      assert.deepEqual(ahead.what.slice(0, 3), ["blank", null, "camera"], "blank, out, camera");
      assert.equal(ahead.blankEnded, "ended");
      assert.deepEqual(ahead.size, [1280, 720], "the camera's size");
      await endForEveryone(pro);
      await client.getByTestId("end-screen").waitFor();
    });
  },
});
