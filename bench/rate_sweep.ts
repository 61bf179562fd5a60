/**
 * The open-loop latency sweep, all servers interleaved: each on a fresh server holding only the
 * sweep's sockets, every server started before the first rate, and each try of each rate run on
 * every server in turn, so that whatever else the shared machine does at that minute falls on all
 * of them alike. Each try records the load it ran under (`load_meter.ts`).
 */
import {
  type ConnectReply,
  type ExchangeReply,
  type LoadClient,
  type RateReply,
  startLoadClient,
  type UsageReply,
} from "./load_driver.ts";
import { cpuSeconds } from "./proc_stats.ts";
import {
  type ServerKind,
  type ServerOptions,
  type ServerUnderTest,
  startServer,
} from "./servers.ts";
import {
  type RateStep,
  round,
  type SignalingPlan,
  type SignalingResult,
  sleep,
  sourceOffsetFor,
} from "./signaling_bench.ts";
import { describeLoad, QuietGate, startLoadMeter } from "./load_meter.ts";

/** One server of the sweep with its own load client. */
interface Contender {
  kind: ServerKind;
  server: ServerUnderTest;
  client: LoadClient;
  result: SignalingResult;
}

/**
 * The latency sweep of every server in `results`, interleaved (see {@linkcode sweepRatesTogether}),
 * on fresh servers holding the first `ratePairs` appointments (offer and answer done). Apart from
 * the memory readings because it ends by overloading the server, and what an overload leaves
 * behind (buffers, a grown heap) is not memory per held socket; and with only these sockets, so
 * the load client's own heap (its GC stalls are timed as latency) stays small. The idle servers
 * sit on the same CPU while another is measured; idle, they use next to nothing (a ping per
 * socket every 15 s).
 */
export async function sweepInterleaved(
  results: SignalingResult[],
  serverOpts: ServerOptions,
  fixturesPath: string,
  plan: SignalingPlan,
  progress: (line: string) => void,
): Promise<void> {
  const contenders: Contender[] = [];
  try {
    for (const result of results) {
      const kind = result.server;
      const server = await startServer(kind, { ...serverOpts, cpus: plan.serverCpus });
      const client = startLoadClient(plan.clientCpus);
      contenders.push({ kind, server, client, result });
      await sleep(1_000);
      await client.call("init", {
        server: kind,
        origin: server.origin,
        fixtures: fixturesPath,
        sourceAddresses: plan.sourceAddresses,
        sourceOffset: sourceOffsetFor(kind, "sweep", plan.sourceAddresses),
      });
      const c = await client.call<ConnectReply>("connect", {
        to: plan.ratePairs,
        concurrency: plan.concurrency,
      });
      const x = await client.call<ExchangeReply>("exchange", {
        from: 0,
        to: plan.ratePairs,
        window: 250,
      });
      progress(
        `${kind}: fresh server for the sweep, ${c.heldSockets} sockets held, ${c.failures} ` +
          `failed, ${x.delivered}/${x.sent} signaling messages delivered`,
      );
    }
    // What the signaling left to do in the background (Frontdesk persists each call's status)
    // is done before the first timed try.
    await sleep(3_000);
    const byKind = new Map(contenders.map((c) => [c.kind, c]));
    const gate = new QuietGate({ budgetMs: plan.quietBudgetSeconds * 1000 });
    const best = await sweepRatesTogether(
      contenders.map((c) => c.kind),
      plan.rates,
      plan.rateAttempts,
      async (kind, rate, attempt) => {
        const c = byKind.get(kind)!;
        const { value: step, setAside } = await gate.run(
          () => sweepStep(c, plan, rate, attempt, progress),
          (st) => st.load ?? { otherCores: null },
        );
        c.result.rates.push(step);
        c.result.setAsideRates = [...(c.result.setAsideRates ?? []), ...setAside];
        await sleep(500);
        return step.pass;
      },
    );
    for (const c of contenders) c.result.quiet = gate.summary();
    for (const c of contenders) {
      c.result.maxRateUnderLimit = best.get(c.kind) ?? 0;
      c.result.maxRateInterpolated = interpolatedRate(c.result.rates, plan.p99LimitMs);
      const usage = await c.client.call<UsageReply>("usage");
      c.result.lostSockets += usage.lost;
      for (const [why, n] of Object.entries(usage.lostReasons)) {
        c.result.lostReasons[why] = (c.result.lostReasons[why] ?? 0) + n;
      }
      await c.client.call("close", {}, 60_000).catch(() => {});
    }
  } finally {
    for (const c of contenders) {
      await c.client.stop();
      await c.server.stop();
    }
  }
}

/** How many of `attempts` tries must pass for a rate to pass: a majority. */
export function triesToPass(attempts: number): number {
  return Math.floor(attempts / 2) + 1;
}

/**
 * The open-loop sweep of several servers at once. Rates in order; at each rate every server still
 * in the sweep gets a try, then every server still undecided another, and so on, the order of the
 * servers rotating from one round to the next (no server always runs right after another). A rate
 * passes for a server when a majority of its `attempts` tries pass (its median try passes); tries
 * stop as soon as that is decided either way. A server leaves the sweep after two rates in a row
 * missed: one miss alone can be a stall on a shared machine, a server out of capacity misses every
 * rate above. Resolves to each server's highest passed rate (0: none). `tryRate` runs one try.
 */
export async function sweepRatesTogether<K extends string>(
  kinds: readonly K[],
  rates: readonly number[],
  attempts: number,
  tryRate: (kind: K, rate: number, attempt: number) => Promise<boolean>,
): Promise<Map<K, number>> {
  const need = triesToPass(attempts);
  const best = new Map<K, number>(kinds.map((k) => [k, 0]));
  const missedInARow = new Map<K, number>(kinds.map((k) => [k, 0]));
  let active = [...kinds];
  let rotation = 0;
  for (const rate of rates) {
    if (active.length === 0) break;
    const passes = new Map<K, number>(active.map((k) => [k, 0]));
    const fails = new Map<K, number>(active.map((k) => [k, 0]));
    const decided = (k: K) => passes.get(k)! >= need || fails.get(k)! > attempts - need;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const undecided = active.filter((k) => !decided(k));
      if (undecided.length === 0) break;
      const shift = rotation++ % undecided.length;
      const order = [...undecided.slice(shift), ...undecided.slice(0, shift)];
      for (const kind of order) {
        const passed = await tryRate(kind, rate, attempt);
        (passed ? passes : fails).set(kind, (passed ? passes : fails).get(kind)! + 1);
      }
    }
    for (const kind of active) {
      if (passes.get(kind)! >= need) {
        best.set(kind, rate);
        missedInARow.set(kind, 0);
      } else missedInARow.set(kind, missedInARow.get(kind)! + 1);
    }
    active = active.filter((k) => missedInARow.get(k)! < 2);
  }
  return best;
}

/** The median of the p99s of a rate's tries (null: no try, or a try without samples). */
export function medianP99(steps: readonly RateStep[], rate: number): number | null {
  const p99s = steps.filter((s) => s.rate === rate).map((s) => s.p99 ?? Infinity)
    .sort((a, b) => a - b);
  if (p99s.length === 0) return null;
  const m = p99s.length % 2
    ? p99s[(p99s.length - 1) / 2]
    : (p99s[p99s.length / 2 - 1] + p99s[p99s.length / 2]) / 2;
  return Number.isFinite(m) ? m : null;
}

/**
 * Where the median p99 crosses `limit`, interpolated between the highest rate whose median p99 is
 * within it and the next rate tried above: linear in rate, logarithmic in p99 (the tail grows
 * about exponentially near saturation). A figure that moves smoothly with the server, where the
 * ladder's figure moves by a whole step (2,500/s) at a time. Null when no rate is within the
 * limit, or none was tried above the highest that is (the ladder's figure is a lower bound then).
 */
export function interpolatedRate(steps: readonly RateStep[], limit: number): number | null {
  const rates = [...new Set(steps.map((s) => s.rate))].sort((a, b) => a - b);
  const medians = rates.map((rate) => ({ rate, p99: medianP99(steps, rate) }));
  const lastWithin = medians.findLastIndex((m) => m.p99 !== null && m.p99 <= limit);
  if (lastWithin === -1 || lastWithin === medians.length - 1) return null;
  const below = medians[lastWithin];
  const above = medians[lastWithin + 1];
  if (above.p99 === null) return below.rate;
  const lo = Math.log(Math.max(below.p99!, 0.01));
  const t = (Math.log(limit) - lo) / (Math.log(above.p99) - lo);
  return Math.round(below.rate + t * (above.rate - below.rate));
}

/** One try of one rate on one server, with the load it ran under. */
async function sweepStep(
  c: Contender,
  plan: SignalingPlan,
  rate: number,
  attempt: number,
  progress: (line: string) => void,
): Promise<RateStep> {
  const { kind, server, client } = c;
  const cpu0 = cpuSeconds(server.pid);
  const meter = startLoadMeter({ server: server.pid, client: client.pid });
  const r = await client.call<RateReply>("rate", {
    pairs: plan.ratePairs,
    rate,
    seconds: plan.rateSeconds,
  });
  const load = meter.stop();
  const step: RateStep = {
    rate,
    attempt,
    sockets: r.sockets,
    perSocketRate: r.perSocketRate,
    sent: r.sent,
    delivered: r.delivered,
    ...r.latencyMs,
    serverCpuSeconds: round(cpuSeconds(server.pid) - cpu0),
    clientCpuSeconds: r.clientCpuSeconds,
    senderLagP99: r.scheduleLagMs.p99,
    senderLagMax: r.scheduleLagMs.max,
    load,
    pass: r.delivered === r.sent && r.latencyMs.p99 !== null &&
      r.latencyMs.p99 <= plan.p99LimitMs,
  };
  progress(
    `${kind}: ${rate}/s${attempt > 1 ? ` (try ${attempt})` : ""} → p50 ${step.p50} ms, ` +
      `p99 ${step.p99} ms, p99.9 ${step.p999} ms, ${step.delivered}/${step.sent} delivered, ` +
      `load client stalled ≤ ${step.senderLagMax} ms; ${describeLoad(load)}`,
  );
  return step;
}
