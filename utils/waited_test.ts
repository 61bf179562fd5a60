import { equal } from "node:assert/strict";
import { waitedWords } from "./waited.ts";

const MIN = 60_000;

Deno.test("waitedWords counts whole minutes, then hours", () => {
  equal(waitedWords(0, 59_999), "waiting less than a minute");
  equal(waitedWords(0, MIN), "waiting 1 min");
  equal(waitedWords(0, 3 * MIN + 59_000), "waiting 3 min");
  equal(waitedWords(0, 65 * MIN), "waiting 1 h 05 min");
  equal(waitedWords(10 * MIN, 0), "waiting less than a minute", "a clock a little behind");
});
