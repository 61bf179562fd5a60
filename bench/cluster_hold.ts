/**
 * The held-socket phase of the cluster bench: the plan's sockets opened by several load processes
 * at once, each appointment's two ends on two different instances; the signaling of every
 * appointment relayed (every message must arrive); the fixed rate timed once with all of them
 * held; then memory per held socket on each instance, after a full GC, against its idle reading.
 */
import {
  type ConnectReply,
  type ExchangeReply,
  type LoadClient,
  type RateReply,
  startLoadClient,
  type UsageReply,
} from "./load_driver.ts";
import { type LoadSample, startLoadMeter } from "./load_meter.ts";
import type { ClusterPlan } from "./cluster_plan.ts";
import { type ClusterInfra, PUBLIC_ORIGIN, type ServerGroup } from "./cluster_servers.ts";
import { type RateStep, round, settledRss, sleep } from "./signaling_bench.ts";

/** One timed try at the fixed rate: the fields of a sweep step that apply, its load always read. */
export type LatencyTry =
  & Pick<
    RateStep,
    "rate" | "sockets" | "sent" | "delivered" | "p50" | "p99" | "p999" | "max" | "senderLagMax"
  >
  & { load: LoadSample };

/** One instance after the held phase. */
export interface InstanceFigures {
  origin: string;
  /** Sockets the load processes hold on it. */
  sockets: number;
  baselineRssMb: number;
  rssMb: number;
  /** (RSS − idle RSS) / its sockets, both after a full GC. */
  perSocketKb: number;
  rssBeforeGcMb: number;
  perSocketBeforeGcKb: number;
  /** Frontdesk's own `/metrics` (frontdesk_cluster_*): its sockets and cross-instance traffic. */
  metrics?: Record<string, number>;
}

/** The held phase of one server kind. */
export interface HoldResult {
  server: "frontdesk" | "reference";
  loadProcesses: number;
  attempted: number;
  held: number;
  failures: number;
  errors: Record<string, number>;
  connectSeconds: number;
  handshakesPerSecond: number;
  /**
   * `delivered`: within 5 s of its window (as the one-process bench counts); `eventually`: once
   * nothing more arrived for 2 s (at most a minute): late, not lost.
   */
  exchange: {
    appointments: number;
    sent: number;
    delivered: number;
    eventually: number;
    seconds: number;
  };
  /** The fixed rate across instances while every socket is held. */
  heldRate: LatencyTry;
  instances: InstanceFigures[];
  lost: number;
  lostReasons: Record<string, number>;
  loadClientRssMb: number[];
  load: LoadSample;
}

const MB = 1e6;

/** A load client holding fixtures `slice` on `origins` with the given placement. */
export async function startPlacedClient(
  kind: "frontdesk" | "reference",
  infra: ClusterInfra,
  origins: string[],
  slice: [number, number],
  sourceOffset: number,
  cpus: string | undefined,
): Promise<LoadClient> {
  const client = startLoadClient(cpus);
  try {
    await client.call("init", {
      server: kind,
      origin: PUBLIC_ORIGIN,
      instances: origins,
      placement: origins.length > 1 ? "cross" : "same",
      fixtures: infra.fixturesPath,
      slice,
      sourceAddresses: 1,
      sourceOffset,
    });
    return client;
  } catch (err) {
    await client.stop();
    throw err;
  }
}

/** Runs the fixed rate once on `client`'s first `pairs` appointments. */
export async function timedTry(
  client: LoadClient,
  plan: ClusterPlan,
  watch: Record<string, number>,
): Promise<LatencyTry> {
  const meter = startLoadMeter(watch);
  const r = await client.call<RateReply>("rate", {
    pairs: plan.ratePairs,
    rate: plan.rate,
    seconds: plan.rateSeconds,
  });
  return {
    rate: r.rate,
    sockets: r.sockets,
    sent: r.sent,
    delivered: r.delivered,
    ...r.latencyMs,
    senderLagMax: r.scheduleLagMs.max,
    load: meter.stop(),
  };
}

/**
 * One instance's /metrics by name: frontdesk_cluster_* without the prefix, frontdesk_signaling_*
 * as `signaling_<name>`; a label's value is appended (`messages_total_sent`,
 * `signaling_messages_rejected_total_rate_limit`), several values of one name summed.
 */
export function parseMetrics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const line = /^frontdesk_(cluster|signaling)_(\w+)(?:\{\w+="([^"]+)"[^}]*\})? (\d+(?:\.\d+)?)$/gm;
  for (const [, group, name, label, value] of text.matchAll(line)) {
    const key = `${group === "signaling" ? "signaling_" : ""}${name}${label ? `_${label}` : ""}`;
    out[key] = (out[key] ?? 0) + Number(value);
  }
  return out;
}

async function clusterMetrics(origin: string): Promise<Record<string, number>> {
  return parseMetrics(await (await fetch(`${origin}/metrics`)).text());
}

/** Messages received by all `clients`, once `expected` arrived or nothing did for 2 s (≤ 60 s). */
async function receivedOnceStill(clients: LoadClient[], expected: number): Promise<number> {
  const total = async () =>
    (await Promise.all(clients.map((c) => c.call<UsageReply>("usage"))))
      .reduce((n, u) => n + u.received, 0);
  const deadline = performance.now() + 60_000;
  let last = await total();
  let stillSince = performance.now();
  while (
    last < expected && performance.now() < deadline && performance.now() - stillSince < 2_000
  ) {
    await sleep(250);
    const now = await total();
    if (now !== last) stillSince = performance.now();
    last = now;
  }
  return last;
}

/** The held phase on `group` (already running on Redis), with `plan.loadProcesses` clients. */
export async function holdAcross(
  group: ServerGroup,
  infra: ClusterInfra,
  plan: ClusterPlan,
  progress: (line: string) => void,
): Promise<HoldResult> {
  const kind = group.kind as "frontdesk" | "reference";
  const origins = group.servers.map((s) => s.origin);
  const baselines = [];
  for (const s of group.servers) baselines.push(await settledRss(s));
  const appointments = plan.sockets / 2;
  const per = Math.ceil(appointments / plan.loadProcesses);
  const clients: LoadClient[] = [];
  const watch = Object.fromEntries(
    group.servers.map((s, i) => [`instance ${i + 1}`, s.pid]),
  );
  const meter = startLoadMeter(watch);
  try {
    for (let k = 0; k < plan.loadProcesses; k++) {
      const slice: [number, number] = [
        k * per,
        Math.min(appointments, (k + 1) * per),
      ];
      clients.push(
        await startPlacedClient(
          kind,
          infra,
          origins,
          slice,
          k,
          plan.clientCpus,
        ),
      );
    }
    const connects = await Promise.all(
      clients.map((c) =>
        c.call<ConnectReply>("connect", {
          to: per,
          concurrency: plan.concurrency,
        }, 1_800_000)
      ),
    );
    const connectMs = Math.max(...connects.map((c) => c.ms));
    const held = connects.reduce((n, c) => n + c.heldSockets, 0);
    const errors: Record<string, number> = {};
    for (const c of connects) {
      for (const [e, n] of Object.entries(c.errors)) {
        errors[e] = (errors[e] ?? 0) + n;
      }
    }
    progress(
      `${kind} across ${origins.length}: ${held} sockets held by ${clients.length} load ` +
        `processes in ${Math.round(connectMs / 1000)} s` +
        (Object.keys(errors).length > 0 ? `; failed: ${JSON.stringify(errors)}` : ""),
    );
    const started = performance.now();
    // One load process's windows at a time: the offered load of the one-process bench (one load
    // client, one window of 250 appointments in flight), not four times it.
    const exchanges: ExchangeReply[] = [];
    for (const c of clients) {
      exchanges.push(
        await c.call<ExchangeReply>("exchange", { from: 0, to: per, window: 250 }, 1_800_000),
      );
    }
    const exchange = {
      appointments: exchanges.reduce((n, x) => n + x.appointments, 0),
      sent: exchanges.reduce((n, x) => n + x.sent, 0),
      delivered: exchanges.reduce((n, x) => n + x.delivered, 0),
      eventually: 0,
      seconds: round((performance.now() - started) / 1000),
    };
    exchange.eventually = await receivedOnceStill(clients, exchange.sent);
    progress(
      `${kind} across ${origins.length}: ${exchange.delivered}/${exchange.sent} delivered ` +
        `within 5 s of their window, ${exchange.eventually} in all`,
    );
    await sleep(1_000);
    const heldRate = await timedTry(clients[0], plan, watch);
    const usages = await Promise.all(
      clients.map((c) => c.call<UsageReply>("usage")),
    );
    const instances: InstanceFigures[] = [];
    for (const [i, s] of group.servers.entries()) {
      const sockets = usages.reduce(
        (n, u) => n + (u.perInstance[s.origin] ?? 0),
        0,
      );
      const rss = await settledRss(s);
      const per = (now: number, idle: number) =>
        sockets > 0 ? round((now - idle) / sockets / 1000) : 0;
      instances.push({
        origin: s.origin,
        sockets,
        baselineRssMb: round(baselines[i].afterGc / MB, 1),
        rssMb: round(rss.afterGc / MB, 1),
        perSocketKb: per(rss.afterGc, baselines[i].afterGc),
        rssBeforeGcMb: round(rss.asFound / MB, 1),
        perSocketBeforeGcKb: per(rss.asFound, baselines[i].asFound),
        ...(kind === "frontdesk" ? { metrics: await clusterMetrics(s.origin) } : {}),
      });
    }
    const lostReasons: Record<string, number> = {};
    for (const u of usages) {
      for (const [e, n] of Object.entries(u.lostReasons)) {
        lostReasons[e] = (lostReasons[e] ?? 0) + n;
      }
    }
    return {
      server: kind,
      loadProcesses: clients.length,
      attempted: connects.reduce((n, c) => n + c.attempted, 0),
      held,
      failures: connects.reduce((n, c) => n + c.failures, 0),
      errors,
      connectSeconds: round(connectMs / 1000),
      handshakesPerSecond: connectMs > 0 ? Math.round(held / (connectMs / 1000)) : 0,
      exchange,
      heldRate,
      instances,
      lost: usages.reduce((n, u) => n + u.lost, 0),
      lostReasons,
      loadClientRssMb: usages.map((u) => u.rssMb),
      load: meter.stop(),
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.call("close", {}, 60_000)));
    await Promise.allSettled(clients.map((c) => c.stop()));
  }
}
