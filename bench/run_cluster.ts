/**
 * `deno task bench --cluster`: signaling across instances. Frontdesk as `plan.instances`
 * instances on one PostgreSQL and one Redis, then what a user would otherwise pick, socket.io on
 * `@socket.io/redis-adapter` over as many Node processes; for each, the held phase
 * (`cluster_hold.ts`) and cross-instance latency against one instance of the same kind
 * (`cluster_latency.ts`). Last, the bare Deno relay holding as many sockets as one instance did:
 * the runtime's own memory per socket, the floor Frontdesk's instances are held to.
 */
import { type ClusterPlan, fitClusterPlan } from "./cluster_plan.ts";
import { clusterUnavailable, settle, startGroup, startInfra } from "./cluster_servers.ts";
import { holdAcross, type HoldResult } from "./cluster_hold.ts";
import { compareLatency, type LatencyComparison } from "./cluster_latency.ts";
import { measureHeldSockets, type SignalingPlan } from "./signaling_bench.ts";

/** One kind across instances. */
export interface ClusterSide {
  hold: HoldResult;
  latency: LatencyComparison;
}

/** A kind whose run broke off: what broke, and the last output of any server that exited. */
export interface ClusterFailure {
  failed: string;
  exited: { origin: string; tail: string }[];
}

/** The memory floor: the bare Deno relay at one instance's socket count. */
export interface ClusterFloor {
  sockets: number;
  perSocketKb: number;
  perSocketBeforeGcKb: number;
  rssMb: number;
}

/** What `--cluster` adds to the report. */
export type ClusterBench =
  | { skipped: string }
  | {
    plan: ClusterPlan;
    frontdesk: ClusterSide;
    reference?: ClusterSide | ClusterFailure;
    floor?: ClusterFloor;
  };

/** Runs the cluster bench, or says why it cannot run here. */
export async function runClusterBench(
  plan: ClusterPlan,
  fileLimit: number,
  withReference: boolean,
  withFloor: boolean,
  progress: (line: string) => void,
): Promise<ClusterBench> {
  const unavailable = clusterUnavailable() ?? fitClusterPlan(plan, fileLimit);
  if (unavailable) {
    progress(`cluster: skipped (${unavailable})`);
    return { skipped: unavailable };
  }
  const held = plan.sockets / 2;
  // The held appointments, then the latency tries' own (cross, single) for each kind.
  const infra = await startInfra(held + 2 * plan.ratePairs, progress);
  try {
    const side = async (
      kind: "frontdesk" | "reference",
    ): Promise<ClusterSide> => {
      const cluster = await startGroup(
        kind,
        plan.instances,
        infra,
        true,
        plan.serverCpus,
      );
      try {
        const hold = await holdAcross(cluster, infra, plan, progress).catch((err) => {
          const exited = cluster.servers.filter((s) => !alive(s.pid))
            .map((s) => ({ origin: s.origin, tail: s.tail().slice(-1500) }));
          throw Object.assign(new Error((err as Error).message), { exited });
        });
        progress(
          `${kind}: instances idle again ${await settle(
            cluster,
            hold.held,
          )} ms after the held phase`,
        );
        const single = await startGroup(kind, 1, infra, false, plan.serverCpus);
        try {
          const latency = await compareLatency(
            cluster,
            single,
            infra,
            plan,
            held,
            progress,
          );
          return { hold, latency };
        } finally {
          await single.stop();
        }
      } finally {
        await cluster.stop();
      }
    };
    const frontdesk = await side("frontdesk");
    // socket.io is the reference: its run breaking off (a process dying) is a figure, not the end.
    const reference = withReference
      ? await side("reference").catch((err): ClusterFailure => {
        const failure = {
          failed: (err as Error).message,
          exited: (err as { exited?: ClusterFailure["exited"] }).exited ?? [],
        };
        progress(`reference: broke off: ${failure.failed}`);
        for (const e of failure.exited) progress(`reference ${e.origin} exited:\n${e.tail}`);
        return failure;
      })
      : undefined;
    const floor = withFloor ? await memoryFloor(frontdesk.hold, plan, infra, progress) : undefined;
    return { plan, frontdesk, reference, floor };
  } finally {
    await infra.stop();
  }
}

/** Whether process `pid` still runs. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(Deno.readTextFileSync(`/proc/${pid}/status`));
  } catch {
    return false;
  }
}

/** The bare Deno relay holding as many sockets as Frontdesk's busiest instance. */
async function memoryFloor(
  hold: HoldResult,
  plan: ClusterPlan,
  infra: Awaited<ReturnType<typeof startInfra>>,
  progress: (line: string) => void,
): Promise<ClusterFloor> {
  const sockets = Math.max(...hold.instances.map((i) => i.sockets));
  const appointments = Math.ceil(sockets / 2);
  const floorPlan: SignalingPlan = {
    appointments,
    memoryCheckpoints: [],
    ratePairs: 1,
    rates: [],
    rateSeconds: 1,
    concurrency: 256,
    chunk: appointments,
    p99LimitMs: 10,
    rateAttempts: 1,
    serverCpus: plan.serverCpus,
    clientCpus: plan.clientCpus,
    sourceAddresses: 1,
    quietBudgetSeconds: 0,
  };
  const r = await measureHeldSockets(
    "deno-floor",
    {
      dataDir: `${infra.dir}/floor`,
      secret: infra.secret,
      fixturesPath: infra.fixturesPath,
    },
    infra.fixturesPath,
    floorPlan,
    progress,
  );
  const last = r.memory.series.at(-1);
  return {
    sockets: last?.sockets ?? 0,
    perSocketKb: last?.perSocketKb ?? 0,
    perSocketBeforeGcKb: last?.perSocketBeforeGcKb ?? 0,
    rssMb: last?.rssMb ?? 0,
  };
}
