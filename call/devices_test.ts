import assert from "node:assert/strict";
import { problemText, problemTitle } from "./devices.ts";
import "./ui/english_words.ts";

Deno.test("problemTitle: names the one device that failed, or both", () => {
  assert.equal(problemTitle({ kind: "denied", device: "camera" }), "Camera blocked");
  assert.equal(problemTitle({ kind: "denied", device: "microphone" }), "Microphone blocked");
  assert.equal(
    problemTitle({ kind: "denied", device: "both" }),
    "Camera and microphone are blocked",
  );
  assert.equal(problemTitle({ kind: "busy", device: "camera" }), "Camera in use elsewhere");
  assert.equal(problemTitle({ kind: "missing", device: "camera" }), "No camera found");
  assert.equal(problemTitle({ kind: "missing" }), "No camera or microphone found");
  assert.equal(problemTitle({ kind: "other", device: "camera" }), "Media problem");
});

Deno.test("problemText: a camera-only problem speaks of the camera alone", () => {
  const text = problemText({ kind: "denied", device: "camera" });
  assert.match(text, /not allowed to use your camera\./);
  assert.doesNotMatch(text, /microphone/);
});
