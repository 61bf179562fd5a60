import assert from "node:assert/strict";
import { CALL_LANE, lanesFor } from "./test_lanes.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("the whole suite: the rest first, then the call lane one file at a time", () => {
  const [rest, calls] = lanesFor([], 3);
  assert.deepEqual(rest, {
    name: "rest",
    args: ["--parallel", `--ignore=${CALL_LANE.join(",")}`],
    jobs: 3,
  });
  assert.deepEqual(calls, { name: "calls", args: ["--parallel", ...CALL_LANE], jobs: 1 });
  assert.deepEqual(lanesFor([], 1), [{ name: "tests", args: ["--parallel"], jobs: 1 }]);
});

Deno.test("files or a filter named: one process, as many at a time as asked", () => {
  assert.deepEqual(lanesFor(["tests/mesh_call_browser_test.ts"], 3), [
    { name: "tests", args: ["--parallel", "tests/mesh_call_browser_test.ts"], jobs: 3 },
  ]);
});

Deno.test("every file of the call lane exists (a renamed one would stop the lane from starting)", () => {
  for (const file of CALL_LANE) {
    assert.ok(Deno.statSync(new URL(file, ROOT)).isFile, file);
  }
});
