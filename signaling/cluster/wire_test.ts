import assert from "node:assert/strict";
import { decodeWire, encodeWire, newSid, type Wire } from "./wire.ts";

Deno.test("wire: frames and control messages survive a round trip", () => {
  const sid = newSid();
  const text = JSON.stringify({ type: "offer", to: "pro", sdp: "v=0\r\n" });
  const messages: Wire[] = [
    { k: "in", sid, text },
    { k: "out", sid, text: "" },
    { k: "close", sid, code: 1012, reason: "server restarting; reconnect" },
    {
      k: "open",
      sid,
      from: "a",
      version: 2,
      participant: { role: "pro", professionalId: "p", appointmentId: null, expiresAt: 1 },
    },
    { k: "cmd", from: "a", cmd: { name: "revokeLink", appointmentId: "x", version: 3 } },
  ];
  for (const m of messages) assert.deepEqual(decodeWire(encodeWire(m)), m);
  // A frame goes as is, with no JSON around it.
  assert.equal(encodeWire({ k: "in", sid, text }), "I" + sid + text);
});

Deno.test("wire: anything else decodes to null", () => {
  for (const raw of ["", "I123", "Jnot json", "J[1]", "J{}", "X" + newSid()]) {
    assert.equal(decodeWire(raw), null, raw);
  }
});
