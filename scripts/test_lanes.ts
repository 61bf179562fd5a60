/**
 * How `deno task test` splits the suite into `deno test` runs: stages one after another, and in
 * a stage lanes side by side, each lane one `deno test` process at its own CPU priority.
 *
 * A test that holds three or four browser pages in one call with live video (each page captures
 * a camera, encodes it once per peer and decodes and draws every other one) keeps both of a
 * two-core machine's cores busy on its own. Run among the rest of the suite they starved: on the
 * CI machine the four-person steps waited past their timeouts for frames (mesh, Firefox room,
 * the stage, screen share), and did so still when they ran one at a time beside the rest, while
 * each passes with the machine to itself. So they run last, one at a time, alone.
 *
 * A few tests assert what an issue promises within a deadline: back in the call within 10 s of a
 * reload or of the router's new address, recovered within 15 s of coturn's restart, ten restarts
 * in a row each reconnecting within 20 s. Among the rest at equal priority they missed it by a
 * second on the CI machine (10.9 s, 10.5 s) while taking 7 s alone. They run one at a time at
 * normal priority, and the rest beside them at a lower one (`nice`): the kernel gives the
 * deadline tests the cores whenever they want them, and the rest whatever they leave, so the two
 * share the machine without either waiting for the other to finish. Two more join them whose
 * outcome hangs on the network's own timers: ICE choosing the direct pair before the relay
 * (behind home routers), and HAProxy's 1 s health checks, which under the rest's load found every
 * instance down (a navigation through it waited 30 s). The rest runs two files at a time there:
 * three beside the deadline lane (four in all) made its own timing-bound tests fail.
 */

/** The files that run one at a time, alone: a call of three or four browser pages with video. */
export const CALL_LANE = [
  "tests/call_stage_browser_test.ts",
  "tests/firefox_room_browser_test.ts",
  "tests/mesh_call_browser_test.ts",
  "tests/screen_share_call_browser_test.ts",
  "tests/stage_grid_browser_test.ts",
] as const;

/**
 * The files that run one at a time at normal priority beside the rest: deadlines of issues, and
 * the network's timers.
 */
export const DEADLINE_LANE = [
  "tests/restart_end_browser_test.ts",
  "tests/resilience_browser_test.ts",
  "tests/restart_setup_browser_test.ts",
  "tests/room_browser_test.ts",
  "tests/netlab_renumber_test.ts",
  "tests/netlab_coturn_restart_test.ts",
  "tests/netlab_home_nat_test.ts",
  "tests/cluster_kill_browser_test.ts",
] as const;

/** The `nice` increment of the rest while the deadline lane runs: it gets a tenth under load. */
export const REST_NICENESS = 10;

/** One `deno test` process of the run. */
export interface Lane {
  name: string;
  /** Arguments after `deno test -A --unstable-bundle`. */
  args: string[];
  /** Test files it runs at once (DENO_JOBS). */
  jobs: number;
  /** Added to the process's niceness (0: as the runner itself). */
  niceness: number;
}

/**
 * The stages of `deno task test <args>`, in the order they run; the lanes of a stage run at once.
 * With no arguments, the whole suite: the deadline lane one file at a time beside the rest
 * `jobs - 1` at a time at a lower priority (`jobs` files at once in all), then the call lane
 * one file at a time. With arguments (files, `--filter`), or one job, exactly what they name in
 * one run, `jobs` at a time.
 */
export function stagesFor(args: string[], jobs: number): Lane[][] {
  if (args.length > 0 || jobs <= 1) {
    return [[{ name: "tests", args: ["--parallel", ...args], jobs, niceness: 0 }]];
  }
  const apart = [...CALL_LANE, ...DEADLINE_LANE];
  return [
    [
      { name: "deadlines", args: ["--parallel", ...DEADLINE_LANE], jobs: 1, niceness: 0 },
      {
        name: "rest",
        args: ["--parallel", `--ignore=${apart.join(",")}`],
        jobs: jobs - 1,
        niceness: REST_NICENESS,
      },
    ],
    [{ name: "calls", args: ["--parallel", ...CALL_LANE], jobs: 1, niceness: 0 }],
  ];
}
