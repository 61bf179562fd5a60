/**
 * Command-line options of `deno task bench`. Full mode by default; `--quick` is about a minute.
 *
 *   --quick | --full            size preset (default full); quick leaves out the bare Deno relay
 *   --connections N             most sockets to hold per server (two per appointment)
 *   --rate-pairs N              appointments carrying the latency sweep
 *   --rates a,b,c               open-loop rates (messages/s) to sweep
 *   --rate-seconds S            length of each sweep step
 *   --rate-attempts N           tries per rate; a majority must pass (default 3, quick 2)
 *   --calls N                   browser calls (and floor calls) to time
 *   --skip-browser              no call set-up timing (neither on loopback nor in the lab)
 *   --skip-lab                  no call set-up in the network lab (symmetric NAT, TURN; needs root)
 *   --skip-pages                no page weight
 *   --skip-reference            Frontdesk only (no ratios)
 *   --skip-floor                no bare-Deno relay (the runtime's own cost per socket)
 *   --no-pin                    do not pin server and load client to separate CPUs
 *   --quiet-budget S            most seconds to wait for other tenants to go quiet before timed
 *                               samples, per sweep and per call series (full 600, quick 60; a
 *                               custom-sized run 0: samples count as they come, flagged)
 *   --cluster                   also signaling across instances (PostgreSQL, Redis; needs root)
 *   --cluster-only              only that (no one-process signaling, browser, lab or pages)
 *   --cluster-sockets N         sockets held across the instances (default 50000, quick 6000)
 *   --cluster-rate N            the fixed rate (messages/s) cross-instance latency is timed at
 *   --out DIR                   where latest.json / latest.md go (default bench/results)
 */
import type { SignalingPlan } from "./signaling_bench.ts";
import { type ClusterPlan, clusterPreset } from "./cluster_plan.ts";

/** Parsed options. */
export interface BenchOptions {
  mode: "quick" | "full" | "custom";
  plan: SignalingPlan;
  calls: number;
  skipBrowser: boolean;
  /** No call set-up in the network lab (tests/netlab; it needs root, and skips itself otherwise). */
  skipLab: boolean;
  skipPages: boolean;
  skipReference: boolean;
  skipFloor: boolean;
  /** No signaling in one process (`--cluster-only`). */
  skipSignaling: boolean;
  /** Signaling across instances (`--cluster`); null: not run. */
  cluster: ClusterPlan | null;
  outDir: string;
}

const P99_LIMIT_MS = 10;

function preset(quick: boolean, cpus: number): SignalingPlan {
  const pin = cpus >= 2;
  return {
    appointments: quick ? 2_000 : 30_000,
    memoryCheckpoints: quick ? [] : [1_000, 10_000],
    ratePairs: quick ? 1_000 : 2_500,
    // Below 1,000/s every server passes on every run; 22,500 is 3× a 7,500/s reference.
    rates: quick ? [5_000, 10_000, 20_000, 30_000, 40_000] : [
      1_000,
      2_500,
      5_000,
      7_500,
      10_000,
      12_500,
      15_000,
      17_500,
      20_000,
      22_500,
      25_000,
      30_000,
      40_000,
      60_000,
      80_000,
      100_000,
    ],
    rateSeconds: quick ? 1 : 5,
    concurrency: 256,
    chunk: 2_500,
    p99LimitMs: P99_LIMIT_MS,
    rateAttempts: 3,
    serverCpus: pin ? "0" : undefined,
    clientCpus: pin ? `1-${cpus - 1}` : undefined,
    sourceAddresses: 8,
    quietBudgetSeconds: quick ? 60 : 600,
  };
}

/** A command-line mistake: `deno task bench` prints its message and exits with status 2. */
export class OptionError extends Error {}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n <= 0) {
    throw new OptionError(`${name} needs a positive integer, not "${value}"`);
  }
  return n;
}

/** File descriptors a process keeps besides its sockets (stdio, epoll, database, V8…). */
const FD_MARGIN = 300;

/**
 * Parses `args`; throws with a readable message on a bad option. `fileLimit` (the children's
 * `ulimit -n`) caps the sockets: the server holds one per socket, the load client one per socket.
 */
export function parseOptions(
  args: string[],
  cpus: number,
  fileLimit: number,
): BenchOptions {
  const quick = args.includes("--quick");
  const opts: BenchOptions = {
    mode: quick ? "quick" : "full",
    plan: preset(quick, cpus),
    // Ten calls gave medians 1.25× to 1.45× the floor from run to run; 16 narrow that.
    calls: quick ? 3 : 16,
    skipBrowser: false,
    skipLab: false,
    skipPages: false,
    skipReference: false,
    skipFloor: quick,
    skipSignaling: false,
    cluster: null,
    outDir: new URL("./results/", import.meta.url).pathname,
  };
  const plan = opts.plan;
  const cluster = clusterPreset(quick, cpus);
  let clusterSized = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith("--")) {
        throw new OptionError(`${arg} needs a value`);
      }
      return next;
    };
    switch (arg) {
      case "--quick":
      case "--full":
        break;
      case "--connections":
        plan.appointments = Math.max(1, Math.ceil(positive(arg, value()) / 2));
        opts.mode = "custom";
        if (!args.includes("--quiet-budget")) plan.quietBudgetSeconds = 0;
        break;
      case "--quiet-budget": {
        const v = value();
        plan.quietBudgetSeconds = v === "0" ? 0 : positive(arg, v);
        break;
      }
      case "--rate-pairs":
        plan.ratePairs = positive(arg, value());
        break;
      case "--rates":
        plan.rates = value().split(",").map((r) => positive(arg, r));
        break;
      case "--rate-seconds":
        plan.rateSeconds = positive(arg, value());
        break;
      case "--rate-attempts":
        plan.rateAttempts = positive(arg, value());
        break;
      case "--calls":
        opts.calls = positive(arg, value());
        break;
      case "--skip-browser":
        opts.skipBrowser = true;
        break;
      case "--skip-lab":
        opts.skipLab = true;
        break;
      case "--skip-pages":
        opts.skipPages = true;
        break;
      case "--skip-reference":
        opts.skipReference = true;
        break;
      case "--skip-floor":
        opts.skipFloor = true;
        break;
      case "--no-pin":
        plan.serverCpus = undefined;
        plan.clientCpus = undefined;
        break;
      case "--out":
        opts.outDir = value();
        break;
      case "--cluster":
        opts.cluster = cluster;
        break;
      case "--cluster-only":
        opts.cluster = cluster;
        opts.skipSignaling = true;
        opts.skipBrowser = opts.skipLab = opts.skipPages = true;
        break;
      case "--cluster-sockets":
        cluster.sockets = positive(arg, value());
        clusterSized = true;
        // A custom size counts its samples as they come, as --connections does.
        if (!args.includes("--quiet-budget")) cluster.quietBudgetMs = 0;
        break;
      case "--cluster-rate":
        cluster.rate = positive(arg, value());
        clusterSized = true;
        break;
      default:
        throw new OptionError(`unknown option ${arg} (the options are listed in bench/README.md)`);
    }
  }
  if (clusterSized && !opts.cluster) {
    throw new OptionError(
      "--cluster-sockets and --cluster-rate go with --cluster or --cluster-only",
    );
  }
  if (opts.cluster && args.includes("--quiet-budget")) {
    opts.cluster.quietBudgetMs = plan.quietBudgetSeconds * 1000;
  }
  if (opts.cluster && plan.serverCpus === undefined) {
    opts.cluster.serverCpus = opts.cluster.clientCpus = undefined;
  }
  const fdCap = Math.max(1, Math.floor((fileLimit - FD_MARGIN) / 2));
  if (plan.appointments > fdCap) {
    plan.appointments = fdCap;
    plan.fileLimited = fileLimit;
  }
  plan.ratePairs = Math.min(plan.ratePairs, plan.appointments);
  plan.chunk = Math.min(plan.chunk, plan.appointments);
  plan.memoryCheckpoints = plan.memoryCheckpoints.filter((c) => c < plan.appointments * 2);
  plan.sourceAddresses = Math.max(
    1,
    Math.ceil((plan.appointments * 2) / 20_000),
  );
  return opts;
}
