import { strictEqual } from "node:assert/strict";
import { nextStatus } from "./room_state.ts";

Deno.test("nextStatus follows presence and the answer", () => {
  strictEqual(nextStatus("scheduled", true, false, false), "waiting");
  strictEqual(nextStatus("scheduled", true, true, false), "waiting");
  strictEqual(nextStatus("waiting", true, true, true), "in_call");
  strictEqual(nextStatus("in_call", true, false, true), "waiting");
  strictEqual(nextStatus("waiting", false, true, false), "scheduled");
  strictEqual(nextStatus("in_call", false, true, true), "in_call");
  strictEqual(nextStatus("scheduled", false, false, false), "scheduled");
  strictEqual(nextStatus("completed", true, true, true), "completed");
  strictEqual(nextStatus("cancelled", true, false, false), "cancelled");
});
