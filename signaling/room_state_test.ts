import { strictEqual } from "node:assert/strict";
import { nextStatus } from "./room_state.ts";

Deno.test("nextStatus follows presence and the answer", () => {
  strictEqual(nextStatus("scheduled", true, false, false), "waiting");
  strictEqual(nextStatus("scheduled", true, true, false), "waiting", "no answer yet");
  strictEqual(nextStatus("waiting", true, true, true), "in_call");
  strictEqual(nextStatus("in_call", true, true, false), "in_call", "a restart mid-call");
  strictEqual(nextStatus("in_call", true, false, true), "waiting", "the professional left");
  strictEqual(nextStatus("waiting", false, true, false), "scheduled");
  strictEqual(nextStatus("scheduled", false, false, false), "scheduled");
  strictEqual(nextStatus("completed", true, true, true), "completed");
  strictEqual(nextStatus("cancelled", true, false, false), "cancelled");
  strictEqual(nextStatus("missed", true, true, true), "missed");
});

Deno.test("nextStatus: never stuck in_call once the client or everyone has gone", () => {
  strictEqual(nextStatus("in_call", false, true, true), "scheduled", "the client left");
  strictEqual(nextStatus("in_call", false, false, false), "scheduled", "everyone left");
});
