/**
 * The cluster bench in the report: its goals (they replace "50,000 sockets in one process" and
 * "half of socket.io's memory per socket", limits of the runtime and the machine) and its table.
 */
import type { ClusterBench, ClusterSide } from "./run_cluster.ts";
import type { LatencyTry } from "./cluster_hold.ts";
import { table } from "./md_table.ts";

/** One goal and whether the run met it (as in report.ts). */
interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

const GOAL_SOCKETS = 50_000;
const GOAL_P99_RATIO = 2;
const GOAL_FLOOR_RATIO = 1.1;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Whether every signaling message and every timed one arrived, and no held socket was lost. */
function allDelivered(s: ClusterSide): boolean {
  const h = s.hold;
  return h.exchange.delivered === h.exchange.sent &&
    h.heldRate.delivered === h.heldRate.sent &&
    h.lost === 0;
}

/** The three goals of the cluster bench; "not run" rows without `--cluster`. */
export function clusterGoals(c: ClusterBench | null | undefined): Goal[] {
  const names = [
    `≥ ${GOAL_SOCKETS.toLocaleString("en")} authenticated sockets held across instances, ` +
    "every relayed message delivered",
    `cross-instance relay p99 ≤ ${GOAL_P99_RATIO}× single-instance (same run, fixed rate)`,
    `memory per held socket on each instance ≤ ${GOAL_FLOOR_RATIO}× the bare Deno relay`,
  ];
  if (!c || "skipped" in c) {
    const why = c ? `skipped: ${c.skipped}` : "not run (deno task bench --cluster)";
    return names.map((goal) => ({ goal, measured: why, met: null }));
  }
  const f = c.frontdesk;
  const h = f.hold;
  const l = f.latency;
  const ref = c.reference && "hold" in c.reference ? c.reference : undefined;
  const refBroke = c.reference && "failed" in c.reference
    ? `; socket.io + Redis adapter broke off: ${c.reference.failed}`
    : "";
  const refLatency = ref
    ? `; socket.io + Redis adapter: ${ref.latency.crossP99} vs ${ref.latency.singleP99} ms = ${ref.latency.ratio}×`
    : refBroke;
  const worst = Math.max(...h.instances.map((i) => i.perSocketKb));
  const floor = c.floor;
  const refPer = ref ? Math.max(...ref.hold.instances.map((i) => i.perSocketKb)) : null;
  return [
    {
      goal: names[0],
      measured:
        `${h.held} held on ${h.instances.length} instances (${
          h.instances.map((i) => i.sockets).join(" + ")
        }) by ${h.loadProcesses} load processes, ${h.failures} failed; signaling ${
          h.exchange.eventually ?? h.exchange.delivered
        }/${h.exchange.sent} ` +
        `and timed ${h.heldRate.delivered}/${h.heldRate.sent} delivered, ${h.lost} sockets lost`,
      met: h.held >= GOAL_SOCKETS && allDelivered(f),
    },
    {
      goal: names[1],
      measured: l.ratio === null
        ? "no latency figure"
        : `${l.crossP99} ms vs ${l.singleP99} ms at ${l.rate}/s = ${l.ratio}× (median p99 of ` +
          `${l.cross.length} interleaved tries each; p50 ${l.crossP50} vs ${l.singleP50} ms)${refLatency}`,
      met: l.ratio === null ? null : l.ratio <= GOAL_P99_RATIO,
    },
    {
      goal: names[2],
      measured: floor
        ? `${worst} KB (worst instance; ${
          h.instances.map((i) => i.perSocketKb).join(", ")
        }) vs ${floor.perSocketKb} KB at ${floor.sockets} sockets = ${
          r2(worst / floor.perSocketKb)
        }× after a full GC` +
          (refPer !== null ? `; socket.io + Redis adapter ${refPer} KB` : "")
        : "no floor run",
      met: floor ? worst <= GOAL_FLOOR_RATIO * floor.perSocketKb : null,
    },
  ];
}

const fmt = (
  x: number | null | undefined,
) => (x === null || x === undefined ? "–" : String(x));
const tryText = (t: LatencyTry) =>
  `${fmt(t.p50)} / ${fmt(t.p99)} / ${fmt(t.p999)} (${t.delivered}/${t.sent}` +
  `${(t.senderLagMax ?? 0) > 10 ? `, load client stalled ${Math.round(t.senderLagMax!)} ms` : ""})`;

/** The cluster table: Frontdesk and socket.io across instances, side by side. */
export function clusterTable(c: ClusterBench): string {
  if ("skipped" in c) {
    return `signaling across instances: skipped (${c.skipped})`;
  }
  const ref = c.reference && "hold" in c.reference ? c.reference : undefined;
  const named: [string, ClusterSide | undefined][] = [
    ["Frontdesk on Redis", c.frontdesk],
    ["socket.io + Redis adapter", ref],
  ];
  const sides = named.filter((x): x is [string, ClusterSide] => x[1] !== undefined);
  const row = (label: string, pick: (s: ClusterSide) => string) => [
    label,
    ...sides.map(([, s]) => pick(s)),
  ];
  const rows = [
    [`across ${c.plan.instances} instances`, ...sides.map(([name]) => name)],
    row(
      "sockets held (per instance)",
      (s) =>
        `${s.hold.held} (${
          s.hold.instances.map((i) => i.sockets).join(", ")
        }), ${s.hold.failures} failed`,
    ),
    row("handshakes/s (all instances)", (s) => `${s.hold.handshakesPerSecond}`),
    row(
      "signaling delivered",
      (s) =>
        `${s.hold.exchange.eventually ?? s.hold.exchange.delivered}/${s.hold.exchange.sent} ` +
        `(${s.hold.exchange.appointments} appts; ${s.hold.exchange.delivered} within 5 s of their window)`,
    ),
    row(
      `p50 / p99 / p99.9 ms at ${c.plan.rate}/s, all held`,
      (s) => tryText(s.hold.heldRate),
    ),
    row(
      `p99 ms at ${c.plan.rate}/s across instances (tries)`,
      (s) => `${fmt(s.latency.crossP99)} (${s.latency.cross.map((t) => fmt(t.p99)).join(", ")})`,
    ),
    row(
      `p99 ms at ${c.plan.rate}/s, one instance (tries)`,
      (s) => `${fmt(s.latency.singleP99)} (${s.latency.single.map((t) => fmt(t.p99)).join(", ")})`,
    ),
    row("p99 ratio (across / one)", (s) => `${fmt(s.latency.ratio)}×`),
    row(
      "RSS / socket per instance (after GC; as found)",
      (s) =>
        s.hold.instances.map((i) => `${i.perSocketKb} KB (${i.perSocketBeforeGcKb})`).join(", "),
    ),
    row(
      "RSS per instance, idle → held",
      (s) =>
        s.hold.instances.map((i) => `${i.baselineRssMb} → ${i.rssMb} MB`).join(
          ", ",
        ),
    ),
    row(
      "cross-instance messages sent / received",
      (s) =>
        s.hold.instances.some((i) => i.metrics)
          ? s.hold.instances.map((i) =>
            `${fmt(i.metrics?.messages_total_sent)} / ${fmt(i.metrics?.messages_total_received)}`
          )
            .join(", ")
          : "– (no metrics)",
    ),
    row("sockets lost (why)", (s) =>
      `${s.hold.lost}` +
      (s.hold.lost > 0
        ? ` (${Object.entries(s.hold.lostReasons).map(([r, n]) => `${r} ×${n}`).join(", ")})`
        : "")),
    row(
      "messages rejected, peers declared gone (per instance)",
      (s) =>
        s.hold.instances.some((i) => i.metrics)
          ? s.hold.instances.map((i) => {
            const rejected = Object.entries(i.metrics ?? {})
              .filter(([k, v]) => k.startsWith("signaling_messages_rejected_total_") && v > 0)
              .map(([k, v]) => `${k.slice(34)} ${v}`);
            return `${rejected.join(" ") || "none"}; ${fmt(i.metrics?.peer_lost_total)}`;
          }).join(", ")
          : "–",
    ),
  ];
  const parts = [table(rows)];
  if (c.reference && "failed" in c.reference) {
    parts.push(
      `socket.io + Redis adapter across ${c.plan.instances} processes broke off: ${c.reference.failed}` +
        c.reference.exited.map((e) =>
          `\n\n${e.origin} exited; its last output:\n\n    ` +
          e.tail.trim().split("\n").slice(-8).join("\n    ")
        ).join(""),
    );
  }
  if (c.floor) {
    parts.push(
      `Bare Deno relay (the runtime's floor) at ${c.floor.sockets} sockets in one process: ` +
        `${c.floor.perSocketKb} KB per socket after a full GC (${c.floor.perSocketBeforeGcKb} KB as found).`,
    );
  }
  return parts.join("\n\n");
}
