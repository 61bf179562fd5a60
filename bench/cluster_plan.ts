/**
 * How big the cluster bench (`deno task bench --cluster`) is: sockets held across the instances,
 * how many load processes hold them, and the fixed rate at which cross-instance latency is
 * compared with one instance's.
 */

/** The cluster bench's plan (see `options.ts` for the options that set it). */
export interface ClusterPlan {
  /** Sockets held across the instances together (two per appointment). */
  sockets: number;
  /** Instances of each server (Frontdesk on Redis; socket.io on its Redis adapter). */
  instances: number;
  /** Node load processes holding the sockets, each under the open-file limit. */
  loadProcesses: number;
  /** Appointments whose sockets carry the timed messages. */
  ratePairs: number;
  /** The fixed open-loop rate (messages/s, all rate sockets together). */
  rate: number;
  rateSeconds: number;
  /** Tries of each contender at the rate, interleaved; the median p99 counts. */
  rateTries: number;
  /** Most ms the latency tries wait, in all, for other tenants to go quiet (`QuietGate`). */
  quietBudgetMs: number;
  /** Sockets each load process opens at once. */
  concurrency: number;
  /** CPUs of the servers (every instance, the single one and Redis) and of the load processes. */
  serverCpus?: string;
  clientCpus?: string;
}

/** File descriptors a process keeps besides its sockets (stdio, epoll, Redis, PostgreSQL, V8…). */
const FD_MARGIN = 300;
/** Most sockets one load process holds: well under the limit, so its heap stays small too. */
const PER_LOAD_PROCESS = 15_000;

/** The default plan: 50,000 sockets (quick: 6,000) over three instances. */
export function clusterPreset(quick: boolean, cpus: number): ClusterPlan {
  const pin = cpus >= 2;
  return {
    sockets: quick ? 6_000 : 50_000,
    instances: 3,
    loadProcesses: 1,
    ratePairs: quick ? 200 : 500,
    rate: 1_000,
    rateSeconds: quick ? 2 : 5,
    rateTries: quick ? 2 : 3,
    concurrency: 64,
    quietBudgetMs: 120_000,
    serverCpus: pin ? "0" : undefined,
    clientCpus: pin ? `1-${cpus - 1}` : undefined,
  };
}

/**
 * Fits `plan` to the machine: as many load processes as the sockets need (each holds one
 * descriptor per socket). Returns why the plan cannot run (one instance would need more
 * descriptors than `fileLimit` allows), or null.
 */
export function fitClusterPlan(
  plan: ClusterPlan,
  fileLimit: number,
): string | null {
  plan.sockets = Math.max(2, plan.sockets + (plan.sockets % 2));
  const perInstance = Math.ceil(plan.sockets / plan.instances);
  if (perInstance > fileLimit - FD_MARGIN) {
    return `${plan.sockets} sockets over ${plan.instances} instances is ${perInstance} per ` +
      `instance, more than the open-file limit (${fileLimit}) leaves (${fileLimit - FD_MARGIN})`;
  }
  const perProcess = Math.min(PER_LOAD_PROCESS, fileLimit - FD_MARGIN);
  plan.loadProcesses = Math.ceil(plan.sockets / perProcess);
  plan.ratePairs = Math.min(
    plan.ratePairs,
    Math.floor(plan.sockets / 2 / plan.loadProcesses),
  );
  return null;
}
