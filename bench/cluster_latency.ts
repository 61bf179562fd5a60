/**
 * Cross-instance latency against one instance's, at the plan's fixed rate, in the same run: the
 * rate's sockets on the cluster (each appointment's two ends on two instances) and on a single
 * server of the same kind without Redis (same database, same CPUs), nothing else held on either,
 * their tries interleaved so both share the machine's moods. The median p99 of each counts.
 */
import type { LoadClient } from "./load_driver.ts";
import type { ConnectReply, ExchangeReply } from "./load_driver.ts";
import { QuietGate } from "./load_meter.ts";
import type { ClusterPlan } from "./cluster_plan.ts";
import type { ClusterInfra, ServerGroup } from "./cluster_servers.ts";
import { type LatencyTry, startPlacedClient, timedTry } from "./cluster_hold.ts";
import { sleep } from "./signaling_bench.ts";

/** Both sides of the comparison. */
export interface LatencyComparison {
  rate: number;
  cross: LatencyTry[];
  single: LatencyTry[];
  /** Median p99 of the tries, each side. */
  crossP99: number | null;
  singleP99: number | null;
  crossP50: number | null;
  singleP50: number | null;
  /** crossP99 / singleP99. */
  ratio: number | null;
  /** Before the timed tries: sockets that failed, and the signaling that did not arrive. */
  setup: Record<
    "cross" | "single",
    { failures: number; errors: Record<string, number>; undelivered: number }
  >;
}

/** The median of the non-null values (of two, the lower: as the main sweep counts tries). */
export function medianOf(xs: (number | null)[]): number | null {
  const s = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor((s.length - 1) / 2)];
}

/**
 * Times `plan.rate` on `cluster` and `single`, interleaved. `firstAppointment`: where in the
 * fixtures the rate's appointments start (the cluster's and the single's are different ones).
 */
export async function compareLatency(
  cluster: ServerGroup,
  single: ServerGroup,
  infra: ClusterInfra,
  plan: ClusterPlan,
  firstAppointment: number,
  progress: (line: string) => void,
): Promise<LatencyComparison> {
  const kind = cluster.kind as "frontdesk" | "reference";
  const sides: {
    name: "cross" | "single";
    group: ServerGroup;
    client?: LoadClient;
  }[] = [
    { name: "cross", group: cluster },
    { name: "single", group: single },
  ];
  const tries: Record<"cross" | "single", LatencyTry[]> = {
    cross: [],
    single: [],
  };
  const setup = {} as LatencyComparison["setup"];
  const gate = new QuietGate({ budgetMs: plan.quietBudgetMs, maxRepeats: 1 });
  try {
    for (const [i, side] of sides.entries()) {
      const from = firstAppointment + i * plan.ratePairs;
      side.client = await startPlacedClient(
        kind,
        infra,
        side.group.servers.map((s) => s.origin),
        [from, from + plan.ratePairs],
        plan.loadProcesses + i,
        plan.clientCpus,
      );
      const c = await side.client.call<ConnectReply>("connect", {
        to: plan.ratePairs,
        concurrency: plan.concurrency,
      });
      const x = await side.client.call<ExchangeReply>("exchange", {
        from: 0,
        to: plan.ratePairs,
        window: 250,
      });
      setup[side.name] = {
        failures: c.failures,
        errors: c.errors,
        undelivered: x.sent - x.delivered,
      };
      if (c.failures > 0 || x.delivered < x.sent) {
        progress(
          `${kind} ${side.name}: ${c.failures} sockets failed (${JSON.stringify(c.errors)}), ` +
            `${x.delivered}/${x.sent} delivered before the timed tries`,
        );
      }
    }
    await sleep(1_000);
    for (let t = 0; t < plan.rateTries; t++) {
      for (const side of sides) {
        const watch = Object.fromEntries(
          side.group.servers.map((s, i) => [`server ${i + 1}`, s.pid]),
        );
        const { value } = await gate.run(
          () => timedTry(side.client!, plan, watch),
          (r) => r.load,
        );
        tries[side.name].push(value);
        progress(
          `${kind} ${side.name} at ${plan.rate}/s: p50 ${value.p50} ms, p99 ${value.p99} ms, ` +
            `${value.delivered}/${value.sent} delivered`,
        );
      }
    }
  } finally {
    for (const side of sides) {
      await side.client?.call("close", {}, 60_000).catch(() => {});
      await side.client?.stop();
    }
  }
  const crossP99 = medianOf(tries.cross.map((t) => t.p99));
  const singleP99 = medianOf(tries.single.map((t) => t.p99));
  return {
    rate: plan.rate,
    cross: tries.cross,
    single: tries.single,
    crossP99,
    singleP99,
    crossP50: medianOf(tries.cross.map((t) => t.p50)),
    singleP50: medianOf(tries.single.map((t) => t.p50)),
    setup,
    ratio: crossP99 !== null && singleP99 ? Math.round(crossP99 / singleP99 * 100) / 100 : null,
  };
}
