/**
 * The open-loop latency sweep of one server: rates in order, each tried up to the plan's attempts,
 * on a fresh server holding only the sweep's sockets.
 */
import {
  type ConnectReply,
  type ExchangeReply,
  type RateReply,
  startLoadClient,
  type UsageReply,
} from "./load_driver.ts";
import { cpuSeconds } from "./proc_stats.ts";
import { type ServerKind, type ServerOptions, startServer } from "./servers.ts";
import {
  type RateStep,
  round,
  type SignalingPlan,
  type SignalingResult,
  sleep,
} from "./signaling_bench.ts";

/**
 * The latency sweep, on a fresh server holding the first `ratePairs` appointments (offer and answer
 * done). Apart from the memory readings because it ends by overloading the server, and what an
 * overload leaves behind (buffers, a grown heap) is not memory per held socket; and with only these
 * sockets, so the load client's own heap (its GC stalls are timed as latency) stays small.
 */
export async function sweepOnFreshServer(
  kind: ServerKind,
  serverOpts: ServerOptions,
  fixturesPath: string,
  plan: SignalingPlan,
  result: SignalingResult,
  progress: (line: string) => void,
): Promise<void> {
  const server = await startServer(kind, { ...serverOpts, cpus: plan.serverCpus });
  const client = startLoadClient(plan.clientCpus);
  try {
    await sleep(1_000);
    await client.call("init", {
      server: kind,
      origin: server.origin,
      fixtures: fixturesPath,
      sourceAddresses: plan.sourceAddresses,
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
      `${kind}: fresh server for the sweep, ${c.heldSockets} sockets held, ${c.failures} failed, ` +
        `${x.delivered}/${x.sent} signaling messages delivered`,
    );
    await sweep(kind, server.pid, client, plan, result, progress);
    const usage = await client.call<UsageReply>("usage");
    result.lostSockets += usage.lost;
    for (const [why, n] of Object.entries(usage.lostReasons)) {
      result.lostReasons[why] = (result.lostReasons[why] ?? 0) + n;
    }
    await client.call("close", {}, 60_000).catch(() => {});
  } finally {
    await client.stop();
    await server.stop();
  }
}

/**
 * The open-loop sweep: rates in order until two in a row miss the p99 limit on every attempt; the
 * highest rate that passed counts (0: none). One miss alone does not end it: on a shared machine a
 * low rate can miss by a stall (a GC, another tenant) while the server has capacity to spare; a
 * server out of capacity misses every rate above. `tryRate` runs one try of one rate.
 */
export async function sweepRates(
  rates: readonly number[],
  attempts: number,
  tryRate: (rate: number, attempt: number) => Promise<boolean>,
): Promise<number> {
  let best = 0;
  let missedInARow = 0;
  for (const rate of rates) {
    let passed = false;
    for (let attempt = 1; attempt <= attempts && !passed; attempt++) {
      passed = await tryRate(rate, attempt);
    }
    if (passed) {
      best = rate;
      missedInARow = 0;
    } else if (++missedInARow === 2) break;
  }
  return best;
}

async function sweep(
  kind: ServerKind,
  pid: number,
  client: ReturnType<typeof startLoadClient>,
  plan: SignalingPlan,
  result: SignalingResult,
  progress: (line: string) => void,
): Promise<void> {
  result.maxRateUnderLimit = await sweepRates(plan.rates, plan.rateAttempts, async (rate, n) => {
    const passed = await sweepStep(kind, pid, client, plan, rate, n, result, progress);
    await sleep(500);
    return passed;
  });
}

/** One try of one rate; records it and says whether it passed. */
async function sweepStep(
  kind: ServerKind,
  pid: number,
  client: ReturnType<typeof startLoadClient>,
  plan: SignalingPlan,
  rate: number,
  attempt: number,
  result: SignalingResult,
  progress: (line: string) => void,
): Promise<boolean> {
  const cpu0 = cpuSeconds(pid);
  const r = await client.call<RateReply>("rate", {
    pairs: plan.ratePairs,
    rate,
    seconds: plan.rateSeconds,
  });
  const step: RateStep = {
    rate,
    attempt,
    sockets: r.sockets,
    perSocketRate: r.perSocketRate,
    sent: r.sent,
    delivered: r.delivered,
    ...r.latencyMs,
    serverCpuSeconds: round(cpuSeconds(pid) - cpu0),
    clientCpuSeconds: r.clientCpuSeconds,
    senderLagP99: r.scheduleLagMs.p99,
    senderLagMax: r.scheduleLagMs.max,
    pass: r.delivered === r.sent && r.latencyMs.p99 !== null &&
      r.latencyMs.p99 <= plan.p99LimitMs,
  };
  result.rates.push(step);
  progress(
    `${kind}: ${rate}/s${attempt > 1 ? ` (try ${attempt})` : ""} → p50 ${step.p50} ms, ` +
      `p99 ${step.p99} ms, p99.9 ${step.p999} ms, ${step.delivered}/${step.sent} delivered, ` +
      `load client stalled ≤ ${step.senderLagMax} ms`,
  );
  return step.pass;
}
