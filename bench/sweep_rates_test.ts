import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { sweepRates } from "./rate_sweep.ts";

/** Runs the sweep over `outcomes` (rate → the result of each try) and records the tries made. */
async function run(outcomes: Record<number, boolean[]>, attempts = 3) {
  const tried: string[] = [];
  const rates = Object.keys(outcomes).map(Number);
  const best = await sweepRates(rates, attempts, (rate, attempt) => {
    tried.push(`${rate}#${attempt}`);
    return Promise.resolve(outcomes[rate][attempt - 1] ?? false);
  });
  return { best, tried };
}

Deno.test("a rate gets up to its attempts; the first pass ends its tries", async () => {
  const { best, tried } = await run({ 100: [false, true], 200: [true] });
  strictEqual(best, 200);
  deepStrictEqual(tried, ["100#1", "100#2", "200#1"]);
});

Deno.test("one missed rate does not end the sweep: a higher rate that passes counts", async () => {
  const { best } = await run({ 100: [true], 200: [false, false, false], 300: [true], 400: [] });
  strictEqual(best, 300);
});

Deno.test("two missed rates in a row end the sweep", async () => {
  const { best, tried } = await run({ 100: [true], 200: [], 300: [], 400: [true] }, 2);
  strictEqual(best, 100);
  deepStrictEqual(tried, ["100#1", "200#1", "200#2", "300#1", "300#2"]);
});

Deno.test("no rate passing gives 0", async () => {
  strictEqual((await run({ 100: [], 200: [] }, 1)).best, 0);
});
