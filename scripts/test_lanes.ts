/**
 * How `deno task test` splits the suite between two `deno test` processes running side by side.
 *
 * A test that holds three or four browser pages in one call with live video (each page captures
 * a camera, encodes it once per peer and decodes and draws every other one) keeps both of a
 * two-core machine's cores busy on its own. Two of them at once, next to the rest of the suite,
 * starved each other: on the CI machine the four-person steps waited past their timeouts for
 * frames (mesh, Firefox room, the stage, screen share), while alone they pass. So these files run
 * one after another in a lane of their own, and everything else runs in parallel beside them.
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
 * The lanes for `deno task test <args>`. With no arguments, the whole suite: the call lane one
 * file at a time, the rest `jobs - 1` at a time beside it. With arguments (files, `--filter`), or
 * one job, exactly what they name in one process, `jobs` at a time.
 */
export function lanesFor(args: string[], jobs: number): Lane[] {
  if (args.length > 0 || jobs <= 1) return [{ name: "tests", args: ["--parallel", ...args], jobs }];
  return [
    { name: "calls", args: ["--parallel", ...CALL_LANE], jobs: 1 },
    {
      name: "rest",
      args: ["--parallel", `--ignore=${CALL_LANE.join(",")}`],
      jobs: Math.max(1, jobs - 1),
    },
  ];
}
