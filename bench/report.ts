/**
 * Turns a run's measurements into the results: the goals checked as same-run ratios, a table for
 * stdout, `latest.json` and `latest.md`.
 */
import type { MachineInfo } from "./machine.ts";
import type { PageWeight } from "./page_weight.ts";
import type { CallSetupResult } from "./run_browser.ts";
import type { Spread } from "./spread.ts";
import type { LabCallSetup } from "./run_lab.ts";
import type { LoadSample } from "./load_meter.ts";
import type { SignalingResults } from "./run_signaling.ts";
import type { ClusterBench } from "./run_cluster.ts";
import { clusterGoals, clusterTable } from "./cluster_report.ts";
import { fmt, table } from "./md_table.ts";
import { callTable, labTable, pairList } from "./call_report.ts";
import type { RateStep, SignalingPlan, SignalingResult } from "./signaling_bench.ts";

/** One goal of issue 7 and whether this run met it. */
export interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

/** Everything `latest.json` holds. */
export interface BenchReport {
  mode: string;
  machine: MachineInfo;
  plan: SignalingPlan;
  /** Null with --cluster-only. */
  signaling: SignalingResults | null;
  /** Signaling across instances; null without --cluster. */
  cluster?: ClusterBench | null;
  cpuPerMillion: {
    rate: number | null;
    frontdesk: number | null;
    reference: number | null;
    "deno-floor": number | null;
  };
  callSetup: CallSetupResult | null;
  /** Call set-up behind symmetric NAT through TURN against its lab floor; null with --skip-lab. */
  labCallSetup?: LabCallSetup | null;
  pages: PageWeight[] | null;
  goals: Goal[];
  /** The load over the whole run, and at its start. */
  load?: { startLoadavg: number[]; run: LoadSample };
}

const CLIENT_PAGE_LIMIT_BYTES = 40 * 1024;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** The try of `rate` that counts: the median one by p99 (of two, the better). */
function medianStep(s: SignalingResult, rate: number): RateStep | undefined {
  const tries = s.rates.filter((r) => r.rate === rate)
    .sort((a, b) => (a.p99 ?? Infinity) - (b.p99 ?? Infinity));
  return tries[Math.floor((tries.length - 1) / 2)];
}

/** The median and the range of `xs`, e.g. "0.3 (0.1–0.9)". */
function spread(xs: number[]): string {
  if (xs.length === 0) return "–";
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return s.length === 1 ? `${r2(mid)}` : `${r2(mid)} (${r2(s[0])}–${r2(s[s.length - 1])})`;
}

/** The load over a server's sweep tries: other tenants' cores, steal, its own run-queue wait. */
function sweepLoad(s: SignalingResult): string {
  const loads = s.rates.map((r) => r.load).filter((l) => l !== undefined);
  if (loads.length === 0) return "–";
  const other = loads.map((l) => l.otherCores).filter((x): x is number => x !== null);
  return `others ${spread(other)} cores, steal ${spread(loads.map((l) => l.stealPct))}%, ` +
    `server waited ${spread(loads.map((l) => l.waitMs.server ?? 0))} ms per try`;
}

/** CPU seconds per million relayed messages at the highest sweep rate both servers passed. */
function cpuPerMillion(
  s: SignalingResults | null,
): BenchReport["cpuPerMillion"] {
  if (!s) {
    return { rate: null, frontdesk: null, reference: null, "deno-floor": null };
  }
  const ref = s.reference;
  const passedByAll = Math.min(
    s.frontdesk.maxRateUnderLimit,
    ref ? ref.maxRateUnderLimit : Infinity,
  );
  const common = s.frontdesk.rates.filter((st) => st.rate <= passedByAll).pop();
  if (!common) {
    return { rate: null, frontdesk: null, reference: null, "deno-floor": null };
  }
  const per = (res?: SignalingResult) => {
    const st = res && medianStep(res, common.rate);
    return st && st.delivered > 0 ? r2(st.serverCpuSeconds / st.delivered * 1e6) : null;
  };
  return {
    rate: common.rate,
    frontdesk: per(s.frontdesk),
    reference: per(ref),
    "deno-floor": per(s.denoFloor),
  };
}

/** Relay rate at p99 ≤ 10 ms against the reference, in one process each. */
function relayGoal(s: SignalingResults, plan: SignalingPlan): Goal {
  const f = s.frontdesk;
  const r = s.reference;
  const topRate = plan.rates[plan.rates.length - 1];
  const capped = f.maxRateUnderLimit === topRate ? " (the top of the sweep: a lower bound)" : "";
  const fi = f.maxRateInterpolated;
  const ri = r?.maxRateInterpolated;
  const interpolated = fi && ri
    ? `; where the median p99 crosses 10 ms: ${fi}/s vs ${ri}/s = ${r2(fi / ri)}×`
    : "";
  return {
    goal: "relay rate at p99 ≤ 10 ms ≥ 3× reference",
    measured: r && f.maxRateUnderLimit === 0 && r.maxRateUnderLimit === 0
      ? "no rate passed on either server (see the load each try ran under)"
      : r
      ? `${f.maxRateUnderLimit}/s vs ${r.maxRateUnderLimit}/s = ${
        r.maxRateUnderLimit ? r2(f.maxRateUnderLimit / r.maxRateUnderLimit) : "∞"
      }×${capped} (a rate passes on a majority of its tries, servers interleaved)${interpolated}`
      : "no reference run",
    met: !r || (f.maxRateUnderLimit === 0 && r.maxRateUnderLimit === 0)
      ? null // neither kept p99 under the limit even at the lowest rate: no ratio to judge
      : f.maxRateUnderLimit >= 3 * r.maxRateUnderLimit,
  };
}

function goals(
  s: SignalingResults | null,
  plan: SignalingPlan,
  call: CallSetupResult | null,
  lab: LabCallSetup | null,
  pages: PageWeight[] | null,
  cluster: ClusterBench | null,
): Goal[] {
  const out: Goal[] = [
    s ? relayGoal(s, plan) : {
      goal: "relay rate at p99 ≤ 10 ms ≥ 3× reference",
      measured: "skipped (--cluster-only)",
      met: null,
    },
    ...clusterGoals(cluster),
  ];
  const range = (x: Spread, unit = "") =>
    `${x.min}${unit}–${x.max}${unit}, quartiles ${x.p25}${unit}–${x.p75}${unit}`;
  out.push({
    goal: "call set-up ≤ 1.3× the in-page floor",
    measured: call
      ? `${call.appMs.both} ms vs ${call.floorMs.both} ms = ${call.ratio}× (medians of ${call.calls}, ` +
        `interleaved; app ${range(call.spread.app, " ms")}, floor ${
          range(call.spread.floor, " ms")
        }; app/floor pair by pair ${call.spread.pairRatio.median}× (${
          range(call.spread.pairRatio, "×")
        }); against a floor that reuses a running camera, ${call.floorReusedCameraMs.both} ms: ` +
        `${call.ratioReusedCamera}×)`
      : "skipped",
    met: call ? call.ratio <= 1.3 : null,
  });
  out.push({
    goal: "four-person call set-up ≤ 1.5× its in-page floor",
    measured: call
      ? `${call.fourPerson.appMs} ms vs ${call.fourPerson.floorMs} ms = ${call.fourPerson.ratio}× ` +
        `(medians of ${call.fourPerson.appSamples.length}, interleaved; app ${
          range(call.fourPerson.appSpread, " ms")
        }, floor ${
          range(call.fourPerson.floorSpread, " ms")
        }; app/floor pair by pair ${call.fourPerson.pairRatio.median}× (${
          range(call.fourPerson.pairRatio, "×")
        }))`
      : "skipped",
    met: call ? call.fourPerson.ratio <= 1.5 : null,
  });
  const labRun = lab && "skipped" in lab ? null : lab;
  out.push({
    goal: "call set-up behind symmetric NAT through TURN ≤ 1.5× its lab floor",
    measured: labRun
      ? `${labRun.appMs.both} ms vs ${labRun.floorMs.both} ms = ${labRun.ratio}× (medians of ` +
        `${labRun.calls}, interleaved; app ${range(labRun.spread.app, " ms")}, floor ${
          range(labRun.spread.floor, " ms")
        }; app/floor pair by pair ${labRun.spread.pairRatio.median}× (${
          range(labRun.spread.pairRatio, "×")
        }); selected pairs app ${pairList(labRun.pairs.app)}, floor ${
          pairList(labRun.pairs.floor)
        }${call ? `; on loopback in this run ${call.appMs.both} vs ${call.floorMs.both} ms` : ""})`
      : lab && "skipped" in lab
      ? `skipped: ${lab.skipped}`
      : "skipped",
    met: labRun ? labRun.ratio <= 1.5 : null,
  });
  const client = pages?.find((p) => p.page === "client appointment");
  out.push({
    goal: "client page JavaScript ≤ 40 KB gzipped",
    measured: client ? `${r2(client.gzipBytes / 1024)} KB in ${client.files} files` : "skipped",
    met: client ? client.gzipBytes <= CLIENT_PAGE_LIMIT_BYTES : null,
  });
  return out;
}

/** Assembles the report. */
export function buildReport(
  mode: string,
  machine: MachineInfo,
  plan: SignalingPlan,
  signaling: SignalingResults | null,
  callSetup: CallSetupResult | null,
  labCallSetup: LabCallSetup | null,
  pages: PageWeight[] | null,
  cluster: ClusterBench | null = null,
): BenchReport {
  return {
    mode,
    machine,
    plan,
    signaling,
    cluster,
    cpuPerMillion: cpuPerMillion(signaling),
    callSetup,
    labCallSetup,
    pages,
    goals: goals(signaling, plan, callSetup, labCallSetup, pages, cluster),
  };
}

/** The tables (markdown syntax, readable on a terminal too). */
/** The one-process signaling tables: per server, then the latency sweep. */
function signalingTables(
  rep: BenchReport,
  signaling: SignalingResults,
): string[] {
  const servers = [
    signaling.frontdesk,
    signaling.reference,
    signaling.denoFloor,
  ].filter(
    (x): x is SignalingResult => x !== undefined,
  );
  const parts: string[] = [];
  const byServer = (label: string, pick: (s: SignalingResult) => string) => [
    label,
    ...servers.map(pick),
  ];
  const checkpoint = (s: SignalingResult, i: number) => {
    const p = s.memory.checkpoints[i];
    return p
      ? `${p.perSocketKb} KB (${p.sockets} sockets, ${p.rssMb} MB; before GC ${p.perSocketBeforeGcKb} KB)`
      : "–";
  };
  const heap = (s: SignalingResult, i: number) => {
    const p = s.memory.checkpoints[i];
    return p?.heapPerSocketKb === undefined ? "–" : `${p.heapPerSocketKb} KB (${p.heapUsedMb} MB)`;
  };
  const rows = [
    ["", ...servers.map((s) => s.server)],
    byServer(
      "handshakes/s",
      (s) => `${s.handshakes.perSecond} (${s.handshakes.failures} failed)`,
    ),
    byServer(
      "signaling delivered",
      (s) => `${s.exchange.delivered}/${s.exchange.sent} (${s.exchange.appointments} appts)`,
    ),
    byServer("max rate with p99 ≤ 10 ms", (s) => `${s.maxRateUnderLimit}/s`),
    byServer(
      "rate where median p99 = 10 ms",
      (s) => s.maxRateInterpolated ? `${s.maxRateInterpolated}/s` : "–",
    ),
    byServer("load during the sweep", sweepLoad),
    byServer("sweep tries set aside (foreign load)", (s) => {
      const q = s.quiet;
      return q
        ? `${s.setAsideRates?.length ?? 0} repeated; waited ${Math.round(q.waitedMs / 1000)} s ` +
          `for quiet in all (threshold ${q.threshold} cores; ${q.countedNoisy} counted under load)`
        : "–";
    }),
    byServer(
      "CPU s / 1M relayed (signaling)",
      (s) => fmt(s.exchange.cpuSecondsPerMillion),
    ),
    byServer(
      `CPU s / 1M relayed (at ${fmt(rep.cpuPerMillion.rate)}/s)`,
      (s) => fmt(rep.cpuPerMillion[s.server]),
    ),
    byServer(
      "RSS idle (before GC)",
      (s) => `${s.memory.baselineRssMb} MB (${s.memory.baselineRssBeforeGcMb} MB)`,
    ),
  ];
  const n = Math.max(...servers.map((s) => s.memory.checkpoints.length));
  for (let i = 0; i < n; i++) {
    rows.push(byServer(`RSS / socket #${i + 1}`, (s) => checkpoint(s, i)));
  }
  for (let i = 0; i < n; i++) {
    rows.push(byServer(`JS heap / socket #${i + 1}`, (s) => heap(s, i)));
  }
  rows.push(byServer("sockets held (max)", (s) => String(s.memory.maxSockets)));
  parts.push(table(rows));
  const rates = [
    ...new Set(servers.flatMap((s) => s.rates.map((r) => r.rate))),
  ];
  const rateRows = [[
    "rate/s",
    ...servers.map((s) => `${s.server} p50 / p99 / p99.9 ms (p99 of each try)`),
  ]];
  for (const rate of rates) {
    rateRows.push([
      String(rate),
      ...servers.map((s) => {
        const st = medianStep(s, rate);
        if (!st) return "–";
        const lost = st.delivered < st.sent ? `, ${st.sent - st.delivered} lost` : "";
        const tries = s.rates.filter((r) => r.rate === rate);
        const notes = tries.length > 1 ? [tries.map((t) => fmt(t.p99)).join(", ")] : [];
        const other = tries.map((t) => t.load?.otherCores ?? 0);
        if (Math.max(...other) >= 0.2) {
          notes.push(`others used ≤ ${r2(Math.max(...other))} cores`);
        }
        // The load client's own worst stall, where it alone could have pushed p99 over the limit.
        if ((st.senderLagMax ?? 0) > rep.plan.p99LimitMs) {
          notes.push(`load client stalled ${Math.round(st.senderLagMax!)} ms`);
        }
        const note = notes.length > 0 ? ` (${notes.join("; ")})` : "";
        return `${fmt(st.p50)} / ${fmt(st.p99)} / ${fmt(st.p999)}${lost}${note}`;
      }),
    ]);
  }
  parts.push(table(rateRows));
  return parts;
}

export function tables(rep: BenchReport): string {
  const parts: string[] = [];
  if (rep.signaling) parts.push(...signalingTables(rep, rep.signaling));
  if (rep.cluster) parts.push(clusterTable(rep.cluster));
  if (rep.callSetup) parts.push(callTable(rep.callSetup));
  const lab = rep.labCallSetup;
  if (lab && "skipped" in lab) {
    parts.push(`lab call set-up: skipped (${lab.skipped})`);
  } else if (lab) parts.push(labTable(lab, rep.callSetup));
  if (rep.pages) {
    parts.push(table([
      ["page", "JS files", "raw", "gzipped"],
      ...rep.pages.map((p) => [
        p.page,
        String(p.files),
        `${r2(p.rawBytes / 1024)} KB`,
        `${r2(p.gzipBytes / 1024)} KB`,
      ]),
    ]));
  }
  parts.push(table([
    ["goal", "measured", "met"],
    ...rep.goals.map((
      g,
    ) => [g.goal, g.measured, g.met === null ? "–" : g.met ? "yes" : "NO"]),
  ]));
  return parts.join("\n\n");
}

/** The markdown summary: machine, date, then the tables. */
export function markdown(rep: BenchReport): string {
  const m = rep.machine;
  return [
    `# Frontdesk benchmark — ${m.date.slice(0, 10)} (${rep.mode} mode)`,
    "",
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB RAM, Linux ${m.kernel}; ` +
    `Deno ${m.deno} (V8 ${m.v8}), Node ${m.node}, ${m.chromium}; open-file limit ${m.fileLimit}.`,
    `All three servers run with the V8 flags of \`deno task start\` ` +
    `(${m.serverV8Flags.join(" ") || "none"}); the load client with --single-threaded-gc.`,
    ...(rep.load
      ? [
        `Load: load average ${rep.load.startLoadavg.join(" ")} (1, 5, 15 min) at the start; over ` +
        `the whole run ${rep.load.run.busyCores} of ${m.cores} cores busy on average, ` +
        `${rep.load.run.otherCores ?? "?"} of them by processes outside the bench, steal ` +
        `${rep.load.run.stealPct}%, load average ${rep.load.run.loadavg1} at the end. Each sweep ` +
        "try and each call sample records its own (latest.json, `load`).",
      ]
      : []),
    `Server pinned to CPU ${rep.plan.serverCpus ?? "(unpinned)"}, load client to CPU ` +
    `${rep.plan.clientCpus ?? "(unpinned)"}; reference = Express 5 + socket.io 4.8 ` +
    "(websocket only, no compression); deno-floor = a bare Deno.upgradeWebSocket relay with no " +
    "session check (the runtime's own cost). Generated by `deno task bench`; " +
    "see bench/README.md for what each figure means.",
    "",
    tables(rep),
    "",
  ].join("\n");
}
