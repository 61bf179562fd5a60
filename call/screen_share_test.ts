import assert from "node:assert/strict";
import { canShareScreen, ScreenShare } from "./screen_share.ts";
import "./ui/english_words.ts";

Deno.test("canShareScreen: only where mediaDevices.getDisplayMedia is a function", () => {
  assert.equal(canShareScreen({ mediaDevices: { getDisplayMedia() {} } }), true);
  assert.equal(canShareScreen({ mediaDevices: { getUserMedia() {} } }), false, "a phone");
  assert.equal(canShareScreen({}), false, "an insecure page has no mediaDevices");
  assert.equal(canShareScreen(undefined), false);
});

Deno.test("ScreenShare: a closed picker is 'cancelled', other refusals 'failed'", async () => {
  const refusing = (name: string) =>
    new ScreenShare({
      mediaDevices: { getDisplayMedia: () => Promise.reject(new DOMException("no", name)) },
    });
  assert.deepEqual(await refusing("NotAllowedError").start(), { ok: false, reason: "cancelled" });
  const failed = await refusing("NotReadableError").start();
  assert.equal(failed.ok, false);
  assert.equal(!failed.ok && failed.reason, "failed");
  assert.equal(refusing("NotAllowedError").sharing.value, false);
});
