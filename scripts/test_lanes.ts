/**
 * How `deno task test` splits the suite into two `deno test` runs, one after the other.
 *
 * A test that holds three or four browser pages in one call with live video (each page captures
 * a camera, encodes it once per peer and decodes and draws every other one) keeps both of a
 * two-core machine's cores busy on its own. Run among the rest of the suite they starved: on the
 * CI machine the four-person steps waited past their timeouts for frames (mesh, Firefox room,
 * the stage, screen share), and did so still when they ran one at a time beside the rest, while
 * each passes with the machine to itself. So the rest runs first, three files at a time, and then
 * these, one at a time with nothing else running.
 */

/** The files that run one at a time: a call of three or four browser pages with live video. */
export const CALL_LANE = [
  "tests/call_stage_browser_test.ts",
  "tests/firefox_room_browser_test.ts",
  "tests/mesh_call_browser_test.ts",
  "tests/screen_share_call_browser_test.ts",
  "tests/stage_grid_browser_test.ts",
] as const;

/** One `deno test` process of the run. */
export interface Lane {
  name: string;
  /** Arguments after `deno test -A --unstable-bundle`. */
  args: string[];
  /** Test files it runs at once (DENO_JOBS). */
  jobs: number;
}

/**
 * The lanes for `deno task test <args>`, in the order they run. With no arguments, the whole
 * suite: the rest `jobs` at a time, then the call lane one file at a time. With arguments (files,
 * `--filter`), or one job, exactly what they name in one run, `jobs` at a time.
 */
export function lanesFor(args: string[], jobs: number): Lane[] {
  if (args.length > 0 || jobs <= 1) return [{ name: "tests", args: ["--parallel", ...args], jobs }];
  return [
    { name: "rest", args: ["--parallel", `--ignore=${CALL_LANE.join(",")}`], jobs },
    { name: "calls", args: ["--parallel", ...CALL_LANE], jobs: 1 },
  ];
}
