/**
 * `deno task bench [--quick] [options]`: Frontdesk against the seeds' Express + socket.io design
 * and against the browser's floor, side by side in one run. Prints the tables and writes
 * `bench/results/latest.json` and `latest.md`. Options: see `options.ts`.
 */
import { ensureNodeDeps } from "./node_deps.ts";
import { OptionError, parseOptions } from "./options.ts";
import { childFileLimit } from "./processes.ts";
import { machineInfo } from "./machine.ts";
import { runSignaling } from "./run_signaling.ts";
import { runCallSetup } from "./run_browser.ts";
import { runPages } from "./run_pages.ts";
import { runLabCallSetup } from "./run_lab.ts";
import { runClusterBench } from "./run_cluster.ts";
import { buildReport, markdown, tables } from "./report.ts";
import { startLoadMeter } from "./load_meter.ts";

const progress = (line: string) => console.error(`bench: ${line}`);

const fileLimit = await childFileLimit();
const opts = (() => {
  try {
    return parseOptions(Deno.args, navigator.hardwareConcurrency, fileLimit);
  } catch (err) {
    if (!(err instanceof OptionError)) throw err;
    progress(err.message);
    Deno.exit(2);
  }
})();
const startLoadavg = (await Deno.readTextFile("/proc/loadavg").catch(() => "0 0 0"))
  .split(" ").slice(0, 3).map(Number);
const runMeter = startLoadMeter();
progress(`load average at the start: ${startLoadavg.join(" ")}`);
const machine = await machineInfo(fileLimit);
await ensureNodeDeps();

const signaling = opts.skipSignaling
  ? null
  : await runSignaling(opts.plan, !opts.skipReference, !opts.skipFloor, progress);
// Across instances: before the browsers, so that the machine's memory is its own.
const cluster = opts.cluster
  ? await runClusterBench(opts.cluster, fileLimit, !opts.skipReference, true, progress)
  : null;
const callSetup = opts.skipBrowser ? null : await runCallSetup(opts.calls, progress, {
  budgetMs: Math.min(opts.plan.quietBudgetSeconds, 300) * 1000,
});
// Behind symmetric NAT through TURN, against a floor in the same lab (skipped, saying why, when the
// lab cannot be built here).
const labCallSetup = opts.skipBrowser || opts.skipLab
  ? null
  : await runLabCallSetup(opts.calls, progress, {
    budgetMs: Math.min(opts.plan.quietBudgetSeconds, 300) * 1000,
  });
const pages = opts.skipPages ? null : await runPages();

const report = {
  ...buildReport(opts.mode, machine, opts.plan, signaling, callSetup, labCallSetup, pages, cluster),
  load: { startLoadavg, run: runMeter.stop() },
};
await Deno.mkdir(opts.outDir, { recursive: true });
await Deno.writeTextFile(
  `${opts.outDir}/latest.json`,
  JSON.stringify(report, null, 2) + "\n",
);
await Deno.writeTextFile(`${opts.outDir}/latest.md`, markdown(report));
console.log(tables(report));
console.log(
  `\nwrote ${opts.outDir.replace(/\/$/, "")}/latest.json and latest.md`,
);
