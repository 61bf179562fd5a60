/**
 * Measures one server under test with the load client: handshakes per second, the signaling of
 * every appointment (offer, answer, 20 ICE per side), an open-loop latency sweep, held-socket
 * memory at checkpoints, and server CPU per million relayed messages.
 */
import { startLoadClient } from "./load_driver.ts";
import { cpuSeconds, rssBytes } from "./proc_stats.ts";
import { type ServerKind, type ServerOptions, startServer } from "./servers.ts";

/** How big a run is (see `options.ts`). */
export interface SignalingPlan {
  /** Most appointments to hold (two sockets each). */
  appointments: number;
  /** Held socket counts at which memory is reported. */
  memoryCheckpoints: number[];
  /** Appointments whose sockets carry the latency sweep. */
  ratePairs: number;
  /** Open-loop rates (messages per second, all sockets together), lowest first. */
  rates: number[];
  rateSeconds: number;
  /** Sockets being opened at once. */
  concurrency: number;
  /** Appointments connected (and then signalled) per step. */
  chunk: number;
  /** A rate passes when its p99 is at most this (the sweep ends after two rates in a row miss). */
  p99LimitMs: number;
  /**
   * Tries a rate gets before the sweep stops there: a shared machine's single stall (another
   * tenant, a GC) should not decide it. The same for every server.
   */
  rateAttempts: number;
  /** CPUs for the server and the load client (taskset lists); undefined: unpinned. */
  serverCpus?: string;
  clientCpus?: string;
  /** Set when `ulimit -n` (this value) capped `appointments`. */
  fileLimited?: number;
  /** Loopback source addresses the load client spreads its sockets over (127.0.0.2…). */
  sourceAddresses: number;
}

/** Latencies of one open-loop step. */
export interface RateStep {
  rate: number;
  /** 1 for the first try of this rate, 2 for its retry, … */
  attempt: number;
  sockets: number;
  perSocketRate: number;
  sent: number;
  delivered: number;
  p50: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  /** p99 of how late the load client's sender ran behind its schedule (not in the latency). */
  senderLagP99: number | null;
  /**
   * The longest such delay: the load client's own worst stall (a GC, the scheduler). Messages
   * arriving meanwhile are timed late, so a stall above the p99 limit can fail a try by itself.
   */
  senderLagMax: number | null;
  /** p99 within the limit and every message delivered. */
  pass: boolean;
}

/** One memory reading. */
export interface MemoryPoint {
  sockets: number;
  rssMb: number;
  /** (RSS − RSS before any socket) / sockets. */
  perSocketKb: number;
  /** Frontdesk only, from its /metrics: V8 heap in use (after the socket phase). */
  heapUsedMb?: number;
  /** (heap used − heap used before any socket) / sockets: the JavaScript share per socket. */
  heapPerSocketKb?: number;
}

/** Everything measured on one server. */
export interface SignalingResult {
  server: ServerKind;
  handshakes: {
    sockets: number;
    failures: number;
    seconds: number;
    perSecond: number;
  };
  exchange: {
    appointments: number;
    sent: number;
    delivered: number;
    seconds: number;
    serverCpuSeconds: number;
    cpuSecondsPerMillion: number | null;
  };
  rates: RateStep[];
  /** Highest rate of the sweep whose p99 stayed under the limit (0: none), see `sweep`. */
  maxRateUnderLimit: number;
  memory: {
    baselineRssMb: number;
    baselineHeapMb?: number;
    checkpoints: MemoryPoint[];
    series: MemoryPoint[];
    maxSockets: number;
    /** Why it stopped where it did. */
    limitedBy: string;
  };
  lostSockets: number;
  lostReasons: Record<string, number>;
  loadClientRssMb: number;
}

interface ConnectReply {
  attempted: number;
  sockets: number;
  failures: number;
  errors: Record<string, number>;
  ms: number;
  heldSockets: number;
}
interface ExchangeReply {
  appointments: number;
  sent: number;
  delivered: number;
  ms: number;
}
interface RateReply {
  rate: number;
  sockets: number;
  perSocketRate: number;
  sent: number;
  delivered: number;
  latencyMs: {
    p50: number | null;
    p99: number | null;
    p999: number | null;
    max: number | null;
  };
  scheduleLagMs: { p99: number | null; max: number | null };
  clientCpuSeconds: number;
}
interface UsageReply {
  heldSockets: number;
  lost: number;
  lostReasons: Record<string, number>;
  rssMb: number;
}

const MB = 1e6;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Frontdesk's V8 heap in use, from its loopback-only /metrics (null for the reference, which has
 * no such endpoint). Read after a phase, so it includes garbage not yet collected.
 */
async function heapUsedBytes(
  server: { kind: ServerKind; origin: string },
): Promise<number | null> {
  if (server.kind !== "frontdesk") return null;
  try {
    const text = await (await fetch(`${server.origin}/metrics`)).text();
    const used = text.match(/\ndeno_heap_used_bytes (\d+)\n/)?.[1];
    return used === undefined ? null : Number(used);
  } catch {
    return null;
  }
}

/** Appointment counts to stop at, in order: chunks, plus every checkpoint. */
export function connectTargets(plan: SignalingPlan): number[] {
  const targets = new Set<number>([plan.appointments]);
  for (const c of plan.memoryCheckpoints) targets.add(Math.ceil(c / 2));
  for (let n = plan.chunk; n < plan.appointments; n += plan.chunk) {
    targets.add(n);
  }
  return [...targets].filter((n) => n > 0 && n <= plan.appointments).sort((
    a,
    b,
  ) => a - b);
}

/**
 * Runs the whole signaling plan against `kind`: handshakes, signaling, memory and CPU on one
 * server, then the latency sweep on a fresh one (see {@linkcode sweepOnFreshServer}).
 */
export async function benchServer(
  kind: ServerKind,
  serverOpts: ServerOptions,
  fixturesPath: string,
  plan: SignalingPlan,
  progress: (line: string) => void,
): Promise<SignalingResult> {
  const result = await measureHeldSockets(kind, serverOpts, fixturesPath, plan, progress);
  await sweepOnFreshServer(kind, serverOpts, fixturesPath, plan, result, progress);
  return result;
}

/**
 * The latency sweep, on a fresh server holding the first `ratePairs` appointments (offer and answer
 * done). Apart from the memory readings because it ends by overloading the server, and what an
 * overload leaves behind (buffers, a grown heap) is not memory per held socket; and with only these
 * sockets, so the load client's own heap (its GC stalls are timed as latency) stays small.
 */
async function sweepOnFreshServer(
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

/** Handshakes, signaling, memory at the checkpoints and CPU, on a fresh `kind` server. */
async function measureHeldSockets(
  kind: ServerKind,
  serverOpts: ServerOptions,
  fixturesPath: string,
  plan: SignalingPlan,
  progress: (line: string) => void,
): Promise<SignalingResult> {
  const server = await startServer(kind, {
    ...serverOpts,
    cpus: plan.serverCpus,
  });
  const client = startLoadClient(plan.clientCpus);
  try {
    await sleep(1_000);
    const baseline = rssBytes(server.pid);
    const baselineHeap = await heapUsedBytes(server);
    await client.call("init", {
      server: kind,
      origin: server.origin,
      fixtures: fixturesPath,
      sourceAddresses: plan.sourceAddresses,
    });
    const result: SignalingResult = {
      server: kind,
      handshakes: { sockets: 0, failures: 0, seconds: 0, perSecond: 0 },
      exchange: {
        appointments: 0,
        sent: 0,
        delivered: 0,
        seconds: 0,
        serverCpuSeconds: 0,
        cpuSecondsPerMillion: null,
      },
      rates: [],
      maxRateUnderLimit: 0,
      memory: {
        baselineRssMb: round(baseline / MB, 1),
        ...(baselineHeap === null ? {} : { baselineHeapMb: round(baselineHeap / MB, 1) }),
        checkpoints: [],
        series: [],
        maxSockets: 0,
        limitedBy: plan.fileLimited
          ? `open-file limit: ulimit -n ${plan.fileLimited} (hard limit; raising it needs ` +
            `CAP_SYS_RESOURCE), one fd per socket in the server and in the load client`
          : `the plan's size (${plan.appointments * 2} sockets)`,
      },
      lostSockets: 0,
      lostReasons: {},
      loadClientRssMb: 0,
    };
    let held = 0;
    let from = 0;
    const checkpoints = new Set(plan.memoryCheckpoints);
    for (const target of connectTargets(plan)) {
      const c = await client.call<ConnectReply>("connect", {
        to: target,
        concurrency: plan.concurrency,
      });
      result.handshakes.sockets += c.sockets;
      result.handshakes.failures += c.failures;
      result.handshakes.seconds += c.ms / 1000;
      held = c.heldSockets;
      const cpu0 = cpuSeconds(server.pid);
      const x = await client.call<ExchangeReply>("exchange", {
        from,
        to: target,
        window: 250,
      });
      result.exchange.serverCpuSeconds += cpuSeconds(server.pid) - cpu0;
      result.exchange.appointments += x.appointments;
      result.exchange.sent += x.sent;
      result.exchange.delivered += x.delivered;
      result.exchange.seconds += x.ms / 1000;
      from = target;
      await sleep(1_000);
      const rss = rssBytes(server.pid);
      const heap = await heapUsedBytes(server);
      const point: MemoryPoint = {
        sockets: held,
        rssMb: round(rss / MB, 1),
        perSocketKb: held > 0 ? round((rss - baseline) / held / 1000) : 0,
      };
      if (heap !== null && baselineHeap !== null) {
        point.heapUsedMb = round(heap / MB, 1);
        point.heapPerSocketKb = held > 0 ? round((heap - baselineHeap) / held / 1000) : 0;
      }
      result.memory.series.push(point);
      if (checkpoints.has(target * 2) || target === plan.appointments) {
        result.memory.checkpoints.push(point);
      }
      progress(
        `${kind}: ${held} sockets held, ${c.failures} failed, ${point.rssMb} MB RSS, ` +
          `${x.delivered}/${x.sent} signaling messages delivered`,
      );
      if (c.failures > c.attempted * 0.01) {
        const errors = Object.entries(c.errors).map(([e, n]) => `${e} ×${n}`)
          .join(", ");
        result.memory.limitedBy = `connection failures at ${held} sockets: ${errors}`;
        break;
      }
    }
    const h = result.handshakes;
    h.perSecond = h.seconds > 0 ? Math.round(h.sockets / h.seconds) : 0;
    h.seconds = round(h.seconds);
    const x = result.exchange;
    x.seconds = round(x.seconds);
    x.cpuSecondsPerMillion = x.delivered > 0 ? round(x.serverCpuSeconds / x.delivered * 1e6) : null;
    x.serverCpuSeconds = round(x.serverCpuSeconds);
    result.memory.maxSockets = held;
    const usage = await client.call<UsageReply>("usage");
    result.lostSockets = usage.lost;
    result.lostReasons = usage.lostReasons;
    result.loadClientRssMb = usage.rssMb;
    await client.call("close", {}, 60_000).catch(() => {});
    return result;
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
