import assert from "node:assert/strict";
import { ActiveSpeakerPicker, audioLevelBetween, inboundAudioLevel } from "./active_speaker.ts";
import "./ui/english_words.ts";

const STEP_MS = 200;

/** Feeds `samples` (one levels object per 200 ms step from `t0`); returns the speaker after each. */
function feed(picker: ActiveSpeakerPicker, samples: Record<string, number>[], t0 = 0) {
  return samples.map((levels, i) =>
    picker.update(new Map(Object.entries(levels)), t0 + i * STEP_MS)
  );
}

const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

Deno.test("ActiveSpeakerPicker: nobody until someone speaks; the first to speak takes it at once", () => {
  const p = new ActiveSpeakerPicker();
  assert.deepEqual(feed(p, times(3, { maria: 0.001, ada: 0.005 })), [null, null, null]);
  assert.equal(p.update(new Map([["maria", 0.001], ["ada", 0.3]]), 1_000), "ada");
});

Deno.test("ActiveSpeakerPicker: a challenger takes over only after being louder for 1.2 s", () => {
  const p = new ActiveSpeakerPicker();
  feed(p, times(5, { ada: 0.3, maria: 0 }));
  // Maria speaks, Ada stops: smoothing plus the hold keep Ada for more than a second.
  const after = feed(p, times(10, { ada: 0, maria: 0.3 }), 1_000);
  const switchedAt = after.indexOf("maria");
  assert.ok(switchedAt >= Math.ceil(1_200 / STEP_MS), `switched at step ${switchedAt}`);
  assert.ok(after.slice(0, switchedAt).every((s) => s === "ada"));
  assert.equal(after.at(-1), "maria");
});

Deno.test("ActiveSpeakerPicker: a cough (a short loud burst) does not move the floor", () => {
  const p = new ActiveSpeakerPicker();
  feed(p, times(5, { ada: 0.2, maria: 0 }));
  const burst = feed(p, [
    ...times(3, { ada: 0.2, maria: 0.9 }),
    ...times(10, { ada: 0.2, maria: 0 }),
  ], 1_000);
  assert.ok(burst.every((s) => s === "ada"), JSON.stringify(burst));
});

Deno.test("ActiveSpeakerPicker: two people at the same level do not flap", () => {
  const p = new ActiveSpeakerPicker();
  feed(p, [{ ada: 0.2, maria: 0 }]);
  // Alternating a little louder each step, for 10 s.
  const levels = Array.from(
    { length: 50 },
    (_, i) => i % 2 ? { ada: 0.22, maria: 0.18 } : { ada: 0.18, maria: 0.22 },
  );
  assert.ok(feed(p, levels, STEP_MS).every((s) => s === "ada"));
});

Deno.test("ActiveSpeakerPicker: a break in the challenge starts its hold again", () => {
  const p = new ActiveSpeakerPicker({ ...new ActiveSpeakerPicker().rule, smoothing: 1 });
  feed(p, [{ ada: 0.3, maria: 0 }]);
  // Maria louder for 1 s, a step where Ada is back, then louder again: the hold restarts.
  const seq = [
    ...times(5, { ada: 0.05, maria: 0.3 }),
    { ada: 0.3, maria: 0.3 },
    ...times(5, { ada: 0.05, maria: 0.3 }),
    ...times(2, { ada: 0.05, maria: 0.3 }),
  ];
  const out = feed(p, seq, STEP_MS);
  assert.ok(out.slice(0, 11).every((s) => s === "ada"), JSON.stringify(out));
  assert.equal(out.at(-1), "maria");
});

Deno.test("ActiveSpeakerPicker: silence keeps the last speaker; a speaker who left is dropped", () => {
  const p = new ActiveSpeakerPicker();
  feed(p, times(3, { ada: 0.3, maria: 0 }));
  assert.ok(feed(p, times(20, { ada: 0, maria: 0 }), 600).every((s) => s === "ada"));
  assert.equal(p.update(new Map([["maria", 0]]), 5_000), null, "Ada left");
  assert.equal(p.update(new Map([["maria", 0.1]]), 5_200), "maria");
});

Deno.test("inboundAudioLevel: the received audio's level in a getStats report", () => {
  const report = new Map([
    ["IT01A1", {
      id: "IT01A1",
      type: "inbound-rtp",
      kind: "audio",
      timestamp: 1,
      audioLevel: 0.25,
    }],
    ["IT01V2", { id: "IT01V2", type: "inbound-rtp", kind: "video", timestamp: 1 }],
    ["AP", { id: "AP", type: "media-source", kind: "audio", timestamp: 1, audioLevel: 0.9 }],
  ]);
  assert.equal(inboundAudioLevel(report), 0.25, "the remote level, not our own microphone's");
  assert.equal(inboundAudioLevel(new Map()), 0);
});

Deno.test("audioLevelBetween: the root mean energy between two reports, else the instant level", () => {
  const at = (energy: number, seconds: number, audioLevel = 0) =>
    new Map([["IT01A1", {
      id: "IT01A1",
      type: "inbound-rtp",
      kind: "audio",
      timestamp: seconds * 1000,
      audioLevel,
      totalAudioEnergy: energy,
      totalSamplesDuration: seconds,
    }]]);
  // 0.5 s at a level of 0.2: energy grows by 0.2² × 0.5 = 0.02.
  assert.ok(Math.abs(audioLevelBetween(at(1, 10), at(1.02, 10.5)) - 0.2) < 1e-9);
  // A beep between two reads counts even though the instant level is back to 0.
  assert.ok(audioLevelBetween(at(1, 10), at(1.005, 10.3, 0)) > 0.1);
  assert.equal(audioLevelBetween(at(1, 10), at(1, 10.3, 0.7)), 0, "silence since the last read");
  assert.equal(audioLevelBetween(null, at(1, 10, 0.7)), 0.7, "one report: the instant level");
  assert.equal(audioLevelBetween(at(1, 10), at(1, 10, 0.4)), 0.4, "no time passed");
});
