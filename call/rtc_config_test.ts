import assert from "node:assert/strict";
import { callRtcConfig } from "./rtc_config.ts";

Deno.test("callRtcConfig: the call's ICE servers and policy (all by default), one bundled transport", () => {
  const iceServers = [{ urls: ["stun:stun.example.org:3478"] }];
  assert.deepEqual(callRtcConfig({ iceServers }), {
    iceServers,
    iceTransportPolicy: "all",
    bundlePolicy: "max-bundle",
  });
  assert.equal(
    callRtcConfig({ iceServers, iceTransportPolicy: "relay" }).iceTransportPolicy,
    "relay",
  );
});
