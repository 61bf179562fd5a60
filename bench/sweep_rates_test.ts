import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { interpolatedRate, sweepRatesTogether, triesToPass } from "./rate_sweep.ts";
import type { RateStep } from "./signaling_bench.ts";

type Outcomes = Record<string, Record<number, boolean[]>>;

/** Runs the sweep over `outcomes` (kind → rate → each try's result) and records the tries made. */
async function run(outcomes: Outcomes, attempts = 3) {
  const tried: string[] = [];
  const kinds = Object.keys(outcomes);
  const rates = [...new Set(kinds.flatMap((k) => Object.keys(outcomes[k]).map(Number)))]
    .sort((a, b) => a - b);
  const best = await sweepRatesTogether(kinds, rates, attempts, (kind, rate, attempt) => {
    tried.push(`${kind}${rate}#${attempt}`);
    return Promise.resolve(outcomes[kind][rate]?.[attempt - 1] ?? false);
  });
  return { best: Object.fromEntries(best), tried };
}

Deno.test("a majority of the tries must pass", () => {
  deepStrictEqual([1, 2, 3, 4, 5].map(triesToPass), [1, 2, 2, 3, 3]);
});

Deno.test("a rate passes on two of three tries; tries stop once that is decided", async () => {
  const { best, tried } = await run({ a: { 100: [true, true], 200: [true, false, false] } });
  deepStrictEqual(best, { a: 100 });
  deepStrictEqual(tried, ["a100#1", "a100#2", "a200#1", "a200#2", "a200#3"]);
});

Deno.test("one lucky try out of three does not pass a rate", async () => {
  const { best } = await run({ a: { 100: [false, true, false], 200: [false, false] } });
  deepStrictEqual(best, { a: 0 });
});

Deno.test("servers take turns at every rate, the order rotating from round to round", async () => {
  const { tried } = await run({
    a: { 100: [true, true] },
    b: { 100: [true, true] },
  });
  deepStrictEqual(tried, ["a100#1", "b100#1", "b100#2", "a100#2"]);
});

Deno.test("one missed rate does not end a server's sweep; two in a row do", async () => {
  const { best, tried } = await run({
    a: { 100: [true, true], 200: [false, false], 300: [true, true], 400: [], 500: [], 600: [] },
    b: { 100: [false, false], 200: [false, false], 300: [true, true] },
  }, 3);
  deepStrictEqual(best, { a: 300, b: 0 });
  strictEqual(tried.filter((t) => t.startsWith("b")).length, 4, "b stops after 200");
  strictEqual(tried.some((t) => t.startsWith("a600")), false, "a stops after 500");
});

const step = (rate: number, p99: number): RateStep => ({
  rate,
  attempt: 1,
  sockets: 2,
  perSocketRate: rate / 2,
  sent: 1,
  delivered: 1,
  p50: 1,
  p99,
  p999: p99,
  max: p99,
  serverCpuSeconds: 0,
  clientCpuSeconds: 0,
  senderLagP99: 0,
  senderLagMax: 0,
  pass: p99 <= 10,
});

Deno.test("the interpolated rate lies where the median p99 crosses the limit (log scale)", () => {
  // 5 ms at 1,000/s, 20 ms at 2,000/s: 10 ms is halfway in log scale.
  strictEqual(interpolatedRate([step(1000, 5), step(2000, 20)], 10), 1500);
  // The median of three tries counts, not the best one.
  strictEqual(
    interpolatedRate([step(1000, 5), step(2000, 3), step(2000, 20), step(2000, 20)], 10),
    1500,
  );
  strictEqual(interpolatedRate([step(1000, 50)], 10), null, "even the lowest rate missed");
  strictEqual(interpolatedRate([step(1000, 5)], 10), null, "no rate above: no crossing");
});
