import assert from "node:assert/strict";
import { CALL_LANE, DEADLINE_LANE, REST_NICENESS, stagesFor } from "./test_lanes.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("the whole suite: deadlines beside the rest at a lower priority, then the calls", () => {
  const [[deadlines, rest], [calls], ...more] = stagesFor([], 3);
  assert.deepEqual(more, []);
  assert.deepEqual(deadlines, {
    name: "deadlines",
    args: ["--parallel", ...DEADLINE_LANE],
    jobs: 1,
    niceness: 0,
  });
  assert.deepEqual(rest, {
    name: "rest",
    args: ["--parallel", `--ignore=${[...CALL_LANE, ...DEADLINE_LANE].join(",")}`],
    jobs: 2,
    niceness: REST_NICENESS,
  });
  assert.ok(REST_NICENESS > 0);
  assert.deepEqual(calls, {
    name: "calls",
    args: ["--parallel", ...CALL_LANE],
    jobs: 1,
    niceness: 0,
  });
});

Deno.test("one job: the whole suite in one process, one file at a time", () => {
  assert.deepEqual(stagesFor([], 1), [[{
    name: "tests",
    args: ["--parallel"],
    jobs: 1,
    niceness: 0,
  }]]);
});

Deno.test("files or a filter named: one process, as many at a time as asked", () => {
  assert.deepEqual(stagesFor(["tests/mesh_call_browser_test.ts"], 3), [[
    {
      name: "tests",
      args: ["--parallel", "tests/mesh_call_browser_test.ts"],
      jobs: 3,
      niceness: 0,
    },
  ]]);
});

Deno.test("every file set apart exists, once (a renamed one would stop its lane from starting)", () => {
  const apart = [...CALL_LANE, ...DEADLINE_LANE];
  assert.equal(new Set(apart).size, apart.length);
  for (const file of apart) assert.ok(Deno.statSync(new URL(file, ROOT)).isFile, file);
});
