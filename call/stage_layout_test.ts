import assert from "node:assert/strict";
import { stageLayout } from "./stage_layout.ts";
import "./ui/english_words.ts";

Deno.test("stageLayout: alone, one other person fills the stage", () => {
  assert.deepEqual(stageLayout([], null), { mode: "alone", large: null, strip: [] });
  assert.deepEqual(stageLayout(["client"], null), { mode: "single", large: "client", strip: [] });
  // Two people: the speaker changes nothing.
  assert.deepEqual(stageLayout(["client"], "client").mode, "single");
});

Deno.test("stageLayout: three or four people are a grid until someone speaks", () => {
  assert.deepEqual(stageLayout(["client", "guest:a", "guest:b"], null), {
    mode: "grid",
    large: null,
    strip: ["client", "guest:a", "guest:b"],
  });
});

Deno.test("stageLayout: the active speaker is large, the others in roster order beside", () => {
  assert.deepEqual(stageLayout(["client", "guest:a", "guest:b"], "guest:a"), {
    mode: "speaker",
    large: "guest:a",
    strip: ["client", "guest:b"],
  });
  // A speaker who has left (not in the roster) is ignored.
  assert.equal(stageLayout(["client", "guest:a"], "guest:z").mode, "grid");
});

Deno.test("stageLayout: a shared screen is large, every camera (the sharer's too) in the strip", () => {
  assert.deepEqual(stageLayout(["client"], null, "client"), {
    mode: "screen",
    large: "screen:client",
    strip: ["client"],
  });
  assert.deepEqual(stageLayout(["client", "guest:a"], "guest:a", "client"), {
    mode: "screen",
    large: "screen:client",
    strip: ["client", "guest:a"],
  });
  // A sharer no longer in the roster: back to the usual layout.
  assert.equal(stageLayout(["client"], null, "guest:z").mode, "single");
});
