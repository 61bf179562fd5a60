import assert from "node:assert/strict";
import { departed, Departures } from "./departures.ts";
import type { RosterEntry } from "../signaling/protocol.ts";
import "./ui/english_words.ts";

const maria: RosterEntry = { id: "guest:m", role: "guest", name: "Maria", presence: "present" };
const ada: RosterEntry = { id: "client", role: "client", name: "Ada", presence: "present" };

Deno.test("departed: who is no longer in the roster; away is still there", () => {
  assert.deepEqual(departed([maria, ada], [ada]), [maria]);
  assert.deepEqual(departed([maria], [{ ...maria, presence: "away" }]), []);
  assert.deepEqual(departed([], [ada]), []);
});

Deno.test("Departures: 'Maria left', gone when she is back or after a while", async () => {
  const d = new Departures(30);
  d.update([maria, ada]);
  assert.deepEqual(d.notices.value, []);
  d.update([ada]);
  assert.deepEqual(d.notices.value, [{ id: "guest:m", text: "Maria left" }]);
  d.update([ada, maria]);
  assert.deepEqual(d.notices.value, []);
  d.update([ada]);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(d.notices.value, []);
  d.dispose();
});
