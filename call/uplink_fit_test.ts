import assert from "node:assert/strict";
import {
  DOWN_AFTER_MS,
  MAX_WAIT_MS,
  QUARTER_SIZE_BELOW_BPS,
  scaleForEstimate,
  TRIAL_MS,
  UP_AFTER_MS,
  UP_MARGIN,
  UplinkFit,
} from "./uplink_fit.ts";
import { HALF_SIZE_BELOW_BPS } from "./sender_bitrate.ts";

/** Feeds `fit` one reading every 2 s from `from` (ms) while `at < to`; returns the scales read. */
function feed(fit: UplinkFit, est: number, sent: number | null, from: number, to: number) {
  const scales: number[] = [];
  for (let at = from; at < to; at += 2_000) scales.push(fit.reading(est, sent, at));
  return scales;
}

/** Two readings of the same, 2 s apart, ending at `at`: what going down takes. */
function settle(fit: UplinkFit, est: number, sent: number, at = 0): number {
  fit.reading(est, sent, at - 2_000);
  return fit.reading(est, sent, at);
}

Deno.test("scaleForEstimate: full size from 1.2 Mbit/s, half from 300 kbit/s, else a quarter", () => {
  assert.equal(scaleForEstimate(5_000_000), 1);
  assert.equal(scaleForEstimate(HALF_SIZE_BELOW_BPS), 1);
  assert.equal(scaleForEstimate(HALF_SIZE_BELOW_BPS - 1), 2);
  assert.equal(scaleForEstimate(QUARTER_SIZE_BELOW_BPS), 2);
  assert.equal(scaleForEstimate(QUARTER_SIZE_BELOW_BPS - 1), 4);
  assert.equal(scaleForEstimate(HALF_SIZE_BELOW_BPS, UP_MARGIN), 2, "the margin asks for more");
});

Deno.test("UplinkFit: as captured on a good link, and a missing estimate changes nothing", () => {
  const fit = new UplinkFit();
  assert.deepEqual(feed(fit, 6_000_000, 700_000, 0, 20_000), Array(10).fill(1));
  assert.equal(fit.reading(null, null, 22_000), 1);
  settle(fit, 600_000, 500_000, 26_000);
  assert.equal(fit.reading(null, null, 28_000), 2);
});

Deno.test("UplinkFit: a low estimate with room over what is sent is no reason to go down", () => {
  const fit = new UplinkFit();
  // The link restored, a 720p sender of an easy picture: ~560 kbit/s sent, ~910 estimated.
  assert.deepEqual(feed(fit, 910_000, 560_000, 0, 60_000).filter((s) => s !== 1), []);
});

Deno.test("UplinkFit: down after two readings in a row, a step per threshold", () => {
  const fit = new UplinkFit();
  assert.equal(fit.reading(640_000, 560_000, 0), 1, "one low reading is not enough");
  assert.equal(fit.reading(640_000, 560_000, DOWN_AFTER_MS), 2, "the poor link: half size");
  assert.equal(settle(fit, 200_000, 150_000, 6_000), 4);
  assert.equal(settle(new UplinkFit(), 200_000, 150_000), 4, "straight to a quarter");
  const blip = new UplinkFit();
  blip.reading(640_000, 560_000, 0);
  blip.reading(6_000_000, 700_000, 2_000);
  assert.equal(blip.reading(640_000, 560_000, 4_000), 1, "a moment's dip is not a poor link");
});

Deno.test("UplinkFit: no step up on a steady poor link that uses what it has", () => {
  const fit = new UplinkFit();
  settle(fit, 640_000, 560_000);
  // What the poor link read at half size: the estimate a little over what was sent.
  assert.deepEqual(feed(fit, 640_000, 500_000, 2_000, 120_000).filter((s) => s !== 2), []);
});

Deno.test("UplinkFit: up a step once the estimate allows it for UP_AFTER_MS", () => {
  const fit = new UplinkFit();
  settle(fit, 200_000, 150_000);
  // 600 kbit/s allows half size with the margin (≥ 375) but the sender uses it all: no room.
  const half = feed(fit, 600_000, 590_000, 2_000, 2_000 + UP_AFTER_MS + 2_000);
  assert.equal(half.at(-1), 2);
  assert.ok(half.slice(0, 2).every((s) => s === 4), `held for a while first: ${half}`);
});

Deno.test("UplinkFit: room over what is sent tries a step up; one that holds stays", () => {
  const fit = new UplinkFit();
  settle(fit, 640_000, 560_000);
  // The link came back: the estimate stays at ~890 kbit/s (it does not rise much above what a
  // small picture sends) while the sender sends ~330.
  const scales = feed(fit, 890_000, 330_000, 2_000, 2_000 + UP_AFTER_MS + 2_000);
  assert.equal(scales.at(-1), 1, `up after UP_AFTER_MS: ${scales}`);
  // libwebrtc probes the larger allowance and the estimate goes up: it holds.
  assert.deepEqual(feed(fit, 3_000_000, 700_000, 12_000, 60_000).filter((s) => s !== 1), []);
});

Deno.test("UplinkFit: a step up that does not hold goes back down, and waits twice as long", () => {
  const fit = new UplinkFit();
  settle(fit, 640_000, 560_000);
  const ups: number[] = [];
  let scale = 2;
  for (let at = 2_000; at < 400_000; at += 2_000) {
    // An easy picture leaves room at half size, and the link still does not carry full size.
    const next = fit.reading(640_000, scale === 2 ? 300_000 : 560_000, at);
    if (next < scale) ups.push(at);
    if (next === 1) {
      assert.equal(fit.reading(640_000, 560_000, at + 1_000), 1, "given TRIAL_MS to probe");
    }
    scale = next;
  }
  const waits = ups.slice(1).map((t, i) => t - ups[i]);
  assert.ok(ups.length >= 4, `tries: ${ups}`);
  // Each wait is the hold (6, 12, 24 … s) plus the try itself and the readings around it.
  for (let i = 1; i < waits.length; i++) {
    assert.ok(waits[i] > waits[i - 1] || waits[i] >= MAX_WAIT_MS, `waits ${waits}`);
  }
  assert.ok(waits[1] - waits[0] >= 2 * UP_AFTER_MS - UP_AFTER_MS, `doubling: ${waits}`);
  assert.ok(waits.at(-1)! >= MAX_WAIT_MS && waits.at(-1)! <= MAX_WAIT_MS + TRIAL_MS + 4_000);
});

Deno.test("UplinkFit: a link that gets better does not wait out the tries that failed before", () => {
  const fit = new UplinkFit();
  settle(fit, 640_000, 560_000);
  let at = 2_000;
  // Tries fail on the poor link until the wait is long.
  for (let scale = 2; at < 200_000; at += 2_000) {
    scale = fit.reading(640_000, scale === 2 ? 300_000 : 560_000, at);
  }
  while (fit.reading(640_000, fit.scale === 2 ? 300_000 : 560_000, at) !== 2) at += 2_000;
  // The link is restored: the small picture sends ~330 kbit/s and the estimate reads ~890.
  const start = at;
  while (fit.reading(890_000, 330_000, at) !== 1) at += 2_000;
  assert.ok(at - start <= UP_AFTER_MS + 2_000, `up after ${at - start} ms`);
});
