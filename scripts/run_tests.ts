/**
 * `deno task test`: installs the system programs the tests need when missing (Chromium, coturn,
 * iproute2/nftables for the network lab and firefox-esr for the Firefox calls, as root via
 * apt-get), runs every test (unit, integration and browser) and ends with a plain
 * `N passed, N failed` line. A network-lab namespace the run left behind fails it
 * (scripts/lab_leftovers.ts). Temporary files go under one directory, removed at the end.
 *
 * Test files run in parallel (`deno test --parallel`), three at a time unless `DENO_JOBS` says
 * otherwise: most of a browser test's time is waiting (for a grace period, a reconnection, a
 * first frame, a Redis TTL), so three files share two cores well (four at equal priority made
 * timing-bound tests fail under load). The tests of an issue's deadline run one at a time at
 * normal priority beside two of the rest at a lower one; the calls of three and four pages with
 * live video run after them, one at a time with nothing else running (scripts/test_lanes.ts).
 * Every test starts its own server on a free port with its own data directory, so files do not
 * meet each other.
 */
import { ensureSystemDeps, FIREFOX_DEPS, installHint, LAB_DEPS, TEST_DEPS } from "./system_deps.ts";
import { labNamespacesNow, leftBehind } from "./lab_leftovers.ts";
import { type Lane, stagesFor } from "./test_lanes.ts";

const missing = await ensureSystemDeps(TEST_DEPS);
const labMissing = await ensureSystemDeps(LAB_DEPS);
if (labMissing.length > 0) {
  console.error(`Network lab tests will be skipped: install with ${installHint(labMissing)}`);
}
const firefoxMissing = await ensureSystemDeps(FIREFOX_DEPS);
if (firefoxMissing.length > 0) {
  console.error(
    `Missing ${firefoxMissing.map((d) => `${d.aptPackage} (${d.purpose})`).join(", ")}: ` +
      `those tests are skipped or say what they skip. Install with ${installHint(firefoxMissing)}`,
  );
}
if (missing.length > 0) {
  console.error(
    `Missing ${missing.map((d) => `${d.aptPackage} (${d.purpose})`).join(", ")}.\n` +
      `Install with: ${installHint(missing)}  (or set CHROME_PATH to a Chromium binary)`,
  );
}

/** Test files run at once, when DENO_JOBS does not say. */
const DEFAULT_JOBS = "3";
const ANSI_ESCAPE = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");
/** deno test's last line: `ok | 12 passed (3 steps) | 0 failed (…)`. */
const SUMMARY = /^(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/;

const labBefore = await labNamespacesNow();
/**
 * Every temporary directory of the run (the servers' data directories, browser profiles, the
 * PostgreSQL, Redis and coturn directories…) is made under this one (TMPDIR), removed when the run
 * ends: a test cannot always remove its own (a restart test starts a server again on the same
 * data directory), and a full run used to leave ~150 of them in /tmp.
 */
const runTmp = await Deno.makeTempDir({ prefix: "frontdesk-tests-" });
// Others may pass through (not list it): PostgreSQL runs as its own user in a directory of its own.
await Deno.chmod(runTmp, 0o711);
const jobs = Number(Deno.env.get("DENO_JOBS") || DEFAULT_JOBS);
const stages = stagesFor(Deno.args, jobs);
const lanes = stages.flat();
const out = Deno.stdout.writable.getWriter();
const encoder = new TextEncoder();
const results = [];
for (const stage of stages) {
  results.push(...await Promise.all(stage.map((lane) => runLane(lane, stage.length > 1))));
}
const passed = results.reduce((n, r) => n + r.passed, 0);
let failed = results.reduce((n, r) => n + r.failed, 0);
const code = results.find((r) => r.code !== 0)?.code ?? 0;

/**
 * Runs one lane's `deno test`, passing its output through a whole line at a time (each line led
 * by the lane's name while lanes run side by side) and reading its summary line.
 */
async function runLane(lane: Lane, alongside: boolean) {
  const test = [Deno.execPath(), "test", "-A", "--unstable-bundle", ...lane.args];
  const [program, ...args] = lane.niceness > 0
    ? ["nice", "-n", String(lane.niceness), ...test]
    : test;
  const lead = alongside ? `${lane.name} │ ` : "";
  const child = new Deno.Command(program, {
    args,
    env: { DENO_JOBS: String(lane.jobs), TMPDIR: runTmp },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let passed = 0;
  let failed = 0;
  let sawSummary = false;
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of child.stdout) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    if (lines.length > 0) {
      await out.write(encoder.encode(lines.map((l) => lead + l + "\n").join("")));
    }
    for (const line of lines) {
      // deno colours its summary: strip ANSI escapes before matching.
      const m = line.replace(ANSI_ESCAPE, "").match(SUMMARY);
      if (m) {
        passed = Number(m[1]);
        failed = Number(m[2]);
        sawSummary = true;
      }
    }
  }
  if (pending) await out.write(encoder.encode(lead + pending + "\n"));
  const { code } = await child.status;
  if (!sawSummary && code !== 0) failed = Math.max(failed, 1);
  if (lanes.length > 1) {
    await out.write(encoder.encode(`${lane.name} lane: ${passed} passed, ${failed} failed\n`));
  }
  return { passed, failed, code };
}

await Deno.remove(runTmp, { recursive: true }).catch((err) => {
  console.error(`Could not remove the run's temporary files (${runTmp}): ${err}`);
});
// The network lab must leave nothing behind (issue 20): a namespace left is a failure.
const labLeft = leftBehind(labBefore, await labNamespacesNow());
if (labLeft.length > 0) {
  console.error(`The network lab left namespaces behind: ${labLeft.join(", ")}`);
  failed++;
}
await out.write(encoder.encode(`\n${passed} passed, ${failed} failed\n`));
out.releaseLock();
Deno.exit(code === 0 && missing.length === 0 && labLeft.length === 0 ? 0 : code || 1);
