/**
 * Measures one server under test with the load client: handshakes per second, the signaling of
 * every appointment (offer, answer, 20 ICE per side), an open-loop latency sweep, held-socket
 * memory at checkpoints, and server CPU per million relayed messages.
 */
import {
  type ConnectReply,
  type ExchangeReply,
  startLoadClient,
  type UsageReply,
} from "./load_driver.ts";
import { type LoadSample, startLoadMeter } from "./load_meter.ts";
import { cpuSeconds, rssBytes } from "./proc_stats.ts";
import { collectGarbage, InspectorSocketError } from "./inspector_gc.ts";
import {
  type ServerKind,
  type ServerOptions,
  type ServerUnderTest,
  startServer,
} from "./servers.ts";

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
  /**
   * Most seconds to wait for other tenants to go quiet before timed samples, per sweep and per
   * call series (`QuietGate`); 0: samples count as they come (flagged in the report).
   */
  quietBudgetSeconds: number;
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
  /** The load the try ran under: other tenants, steal, the server's and client's run-queue wait. */
  load?: LoadSample;
  /** p99 within the limit and every message delivered. */
  pass: boolean;
}

/** One memory reading. */
export interface MemoryPoint {
  sockets: number;
  /** RSS after a full garbage collection (see {@linkcode settledRss}). */
  rssMb: number;
  /** (RSS − RSS before any socket) / sockets, both after a full GC: live memory per socket. */
  perSocketKb: number;
  /** RSS as found, before the forced GC: it includes garbage not collected yet. */
  rssBeforeGcMb: number;
  /** (RSS as found − idle RSS as found) / sockets. */
  perSocketBeforeGcKb: number;
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
  /**
   * Highest rate of the sweep that passed: p99 under the limit on a majority of its tries (0:
   * none), see `sweepRatesTogether` in `rate_sweep.ts`.
   */
  maxRateUnderLimit: number;
  /** Where the median p99 of the tries crosses the limit, interpolated (`interpolatedRate`). */
  maxRateInterpolated?: number | null;
  memory: {
    /** Idle RSS after a full GC. */
    baselineRssMb: number;
    /** Idle RSS as found. */
    baselineRssBeforeGcMb: number;
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
  /** The load during the held-socket phase (handshakes, signaling, memory). */
  load?: LoadSample;
  /** Sweep tries set aside because they ran under foreign load (repeated once it was quiet). */
  setAsideRates?: RateStep[];
  /** What the sweep's quiet gate did (`QuietGate` in load_meter.ts). */
  quiet?: { threshold: number; waitedMs: number; repeated: number; countedNoisy: number };
}

const MB = 1e6;
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The server's RSS as found after a phase, then after a full GC through its inspector. Read as
 * found alone, it swings between runs with whatever garbage V8 (or Node) has not collected yet
 * (Frontdesk at 19,700 sockets: 36.8 KB per socket in one run, 52.0 KB in another); after the GC
 * it counts live memory, for all three servers alike. Where the inspector's socket cannot be
 * opened even after collectGarbage's retries (the bare relay holding 10,000 sockets, twice, on
 * 2026-12-04 and 2026-12-07, each time losing the whole run), the RSS as found is used and the
 * progress says so.
 */
export async function settledRss(
  server: ServerUnderTest,
): Promise<{ asFound: number; afterGc: number }> {
  await sleep(1_000);
  const asFound = rssBytes(server.pid);
  try {
    await collectGarbage(server.inspectPort);
  } catch (err) {
    if (!(err instanceof InspectorSocketError)) throw err;
    console.error(`bench: ${server.kind}: no full GC (${err.message}): its RSS is read as found`);
    return { asFound, afterGc: asFound };
  }
  // Let freed pages go back to the system before reading.
  await sleep(1_000);
  return { asFound, afterGc: rssBytes(server.pid) };
}

/**
 * Frontdesk's V8 heap in use, from its loopback-only /metrics (null for the reference, which has
 * no such endpoint). Read after the full GC of {@linkcode settledRss}: live objects.
 */
export async function heapUsedBytes(
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

const KINDS: readonly ServerKind[] = ["frontdesk", "reference", "deno-floor"];

/**
 * The first loopback source address (as an offset from 127.0.0.2) of the load client's sockets to
 * `kind`'s server in `phase`: each server and phase on addresses of its own. A socket's port stays
 * taken for 60 s after it closes (TIME_WAIT, and the load client binds its source address before
 * connecting), so on one address the held phases' 19,700 + 19,700 + 10,000 sockets used up its
 * 28,232 ports: the bare relay lost 1,116 sockets and the sweep's fresh Frontdesk 4,988 of 5,000
 * (2026-12-07), which read as a relay rate of 1,000/s.
 */
export function sourceOffsetFor(
  kind: ServerKind,
  phase: "held" | "sweep",
  addresses: number,
): number {
  const slot = KINDS.indexOf(kind) + (phase === "sweep" ? KINDS.length : 0);
  return Math.min(250 - addresses, slot * addresses);
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
 * Handshakes, signaling, memory at the checkpoints and CPU, on a fresh `kind` server. The latency
 * sweep runs afterwards, on fresh servers, all kinds interleaved (`rate_sweep.ts`).
 */
export async function measureHeldSockets(
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
  const meter = startLoadMeter({ server: server.pid, client: client.pid });
  try {
    const baseline = await settledRss(server);
    const baselineHeap = await heapUsedBytes(server);
    await client.call("init", {
      server: kind,
      origin: server.origin,
      fixtures: fixturesPath,
      sourceAddresses: plan.sourceAddresses,
      sourceOffset: sourceOffsetFor(kind, "held", plan.sourceAddresses),
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
        baselineRssMb: round(baseline.afterGc / MB, 1),
        baselineRssBeforeGcMb: round(baseline.asFound / MB, 1),
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
      const rss = await settledRss(server);
      const heap = await heapUsedBytes(server);
      const perSocket = (now: number, idle: number) =>
        held > 0 ? round((now - idle) / held / 1000) : 0;
      const point: MemoryPoint = {
        sockets: held,
        rssMb: round(rss.afterGc / MB, 1),
        perSocketKb: perSocket(rss.afterGc, baseline.afterGc),
        rssBeforeGcMb: round(rss.asFound / MB, 1),
        perSocketBeforeGcKb: perSocket(rss.asFound, baseline.asFound),
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
    result.load = meter.stop();
    await client.call("close", {}, 60_000).catch(() => {});
    return result;
  } finally {
    await client.stop();
    await server.stop();
  }
}
