/**
 * The load a measurement ran under, read from /proc (Linux), so a reader can tell a noisy figure
 * from a quiet one: the machine's busy cores, the share of them taken by processes that are not
 * the bench's (other tenants, other test runs), the hypervisor's steal, the 1-minute load
 * average, and, for chosen processes (the server under test, the load client), how long their
 * threads sat runnable on a run queue waiting for a CPU (`/proc/<pid>/task/<tid>/schedstat`):
 * time a pinned server could not run because something else did.
 *
 * @example
 * ```ts
 * const meter = startLoadMeter({ server: pid });
 * await measureSomething();
 * const load = meter.stop(); // { busyCores, otherCores, stealPct, loadavg1, waitMs: { server } }
 * ```
 */

/** The load over one interval. */
export interface LoadSample {
  /** Wall time of the interval (ms). */
  ms: number;
  /** 1-minute load average at the end. */
  loadavg1: number;
  /** Cores busy with processes on average over the interval (user + system time). */
  busyCores: number;
  /**
   * Of those, cores busy with processes outside the bench's process tree (the bench, its
   * servers, load clients, Chromium): other tenants. Null when /proc could not be read.
   */
  otherCores: number | null;
  /** Cores used by the bench's own process tree. */
  oursCores: number | null;
  /** CPU time the hypervisor gave to other guests (steal), % of all cores' time. */
  stealPct: number;
  /** Per watched process: ms its threads waited runnable for a CPU, summed over threads. */
  waitMs: Record<string, number>;
}

/** A running measurement; `stop` reads the interval. */
export interface LoadMeter {
  stop(): LoadSample;
}

/** USER_HZ: clock ticks per second of /proc times. */
const TICKS = 100;

function read(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null;
  }
}

/**
 * The aggregate `cpu` line of /proc/stat: all ticks, the ticks of processes (user, nice, system:
 * what /proc/<pid>/stat accounts to someone; interrupts and softirqs, where loopback traffic is
 * partly handled, are left out) and steal.
 */
function machineTicks(): { total: number; processes: number; steal: number } {
  const line = read("/proc/stat")?.split("\n")[0] ?? "cpu 0 0 0 0 0 0 0 0";
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, processes: f[0] + f[1] + f[2], steal: f[7] ?? 0 };
}

/**
 * pid → [ppid, ticks] for every process readable in /proc: utime + stime, plus cutime + cstime
 * (what its children that exited and were reaped used), so a child that ends mid-interval (a
 * closed browser context's renderer) still counts, on its parent.
 */
function processTable(): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      const pid = Number(entry.name);
      if (!Number.isInteger(pid)) continue;
      const stat = read(`/proc/${pid}/stat`);
      if (!stat) continue;
      // The command name may hold spaces: fields are counted after its closing parenthesis.
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(pid, [Number(f[1]), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])]);
    }
  } catch {
    // No /proc: the caller reports otherCores as null.
  }
  return table;
}

/** CPU ticks used so far by `root` and every descendant still alive, per pid. */
function treeTicks(root: number): Map<number, number> | null {
  const table = processTable();
  if (table.size === 0) return null;
  const children = new Map<number, number[]>();
  for (const [pid, [ppid]] of table) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const ticks = new Map<number, number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (ticks.has(pid)) continue;
    ticks.set(pid, table.get(pid)?.[1] ?? 0);
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

/** Nanoseconds the threads of `pid` have waited on a run queue so far (0 if unreadable). */
export function runQueueWaitNs(pid: number): number {
  let ns = 0;
  try {
    for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
      const s = read(`/proc/${pid}/task/${t.name}/schedstat`);
      if (s) ns += Number(s.split(" ")[1]) || 0;
    }
  } catch {
    // Gone or no schedstat.
  }
  return ns;
}

function loadavg1(): number {
  return Number(read("/proc/loadavg")?.split(" ")[0] ?? 0);
}

/**
 * Starts measuring. `watch` names processes whose run-queue wait is reported. The bench's own
 * process tree (this process and its descendants) counts as ours; a child that exits during the
 * interval takes its ticks with it, so `otherCores` can only be overstated, by what such children
 * used.
 */
export function startLoadMeter(watch: Record<string, number> = {}): LoadMeter {
  const t0 = performance.now();
  const m0 = machineTicks();
  const ours0 = treeTicks(Deno.pid);
  const wait0 = Object.fromEntries(
    Object.entries(watch).map(([name, pid]) => [name, runQueueWaitNs(pid)]),
  );
  return {
    stop() {
      const m1 = machineTicks();
      const ours1 = treeTicks(Deno.pid);
      const ms = performance.now() - t0;
      const dTotal = m1.total - m0.total;
      const busyTicks = m1.processes - m0.processes;
      const cores = navigator.hardwareConcurrency;
      const seconds = ms / 1000;
      const perCore = (ticks: number) => round(ticks / TICKS / seconds);
      // Ours over the interval: what each process alive at the end used since the start (a new
      // child counts from 0). One that exited meanwhile was reaped by its parent, whose children
      // ticks now hold its whole life: its ticks at the start are taken off again.
      let oursTicks: number | null = null;
      if (ours0 && ours1) {
        oursTicks = 0;
        for (const [pid, t] of ours1) oursTicks += t - (ours0.get(pid) ?? 0);
        for (const [pid, t] of ours0) if (!ours1.has(pid)) oursTicks -= t;
      }
      const waitMs: Record<string, number> = {};
      for (const [name, pid] of Object.entries(watch)) {
        waitMs[name] = round((runQueueWaitNs(pid) - wait0[name]) / 1e6, 1);
      }
      return {
        ms: Math.round(ms),
        loadavg1: loadavg1(),
        busyCores: dTotal > 0 ? round(busyTicks / dTotal * cores) : 0,
        otherCores: oursTicks === null
          ? null
          : Math.min(cores, Math.max(0, perCore(busyTicks - oursTicks))),
        oursCores: oursTicks === null ? null : perCore(oursTicks),
        stealPct: dTotal > 0 ? round((m1.steal - m0.steal) / dTotal * 100, 1) : 0,
        waitMs,
      };
    },
  };
}

function round(x: number, digits = 2): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

/** One line for progress output and tables: "load 1.2, 0.3 other cores, steal 0.4%". */
export function describeLoad(l: LoadSample): string {
  const wait = Object.entries(l.waitMs).map(([k, v]) => `${k} waited ${v} ms`);
  return [
    `loadavg ${l.loadavg1}`,
    `${l.busyCores} cores busy`,
    ...(l.otherCores === null ? [] : [`${l.otherCores} by others`]),
    `steal ${l.stealPct}%`,
    ...wait,
  ].join(", ");
}

/**
 * Foreign load (cores used by processes outside the bench) above which a timed sample does not
 * count: it is repeated once the machine is quiet again. On the 2-core machines this runs on,
 * other test runs take 1–1.6 cores at times, and then every server misses rates it passes alone
 * (and call set-up slows 2–3×, the app more than its floor); with the bench alone the bench's own
 * unaccounted kernel work (loopback softirq) stays well under this.
 */
export const NOISY_OTHER_CORES = 0.25;

/** Options of {@linkcode QuietGate}. */
export interface QuietGateOptions {
  /** Foreign cores at or below which the machine counts as quiet. */
  threshold?: number;
  /** Longest wait for quiet before one sample (ms). */
  maxWaitMs?: number;
  /** All waiting of a run together, after which samples run as they come (flagged) (ms). */
  budgetMs?: number;
  /** How many times one sample may be repeated because it ran under foreign load. */
  maxRepeats?: number;
}

/**
 * Keeps timed samples off a busy shared machine, within a time budget: before each sample it
 * waits (bounded) until other tenants go quiet, and a sample that ran under foreign load anyway
 * is repeated (bounded). What it waited and repeated is counted, for the report.
 */
export class QuietGate {
  readonly threshold: number;
  readonly maxWaitMs: number;
  readonly maxRepeats: number;
  #budgetMs: number;
  waitedMs = 0;
  repeated = 0;
  /** Samples counted although they ran under foreign load (the budget or the repeats ran out). */
  countedNoisy = 0;

  constructor(opts: QuietGateOptions = {}) {
    this.threshold = opts.threshold ?? NOISY_OTHER_CORES;
    this.maxWaitMs = opts.maxWaitMs ?? 20_000;
    this.#budgetMs = opts.budgetMs ?? 10 * 60_000;
    this.maxRepeats = opts.maxRepeats ?? 2;
  }

  /** Whether `load` is too much foreign load for a sample to count. */
  noisy(load: Pick<LoadSample, "otherCores">): boolean {
    return load.otherCores !== null && load.otherCores > this.threshold;
  }

  /** Waits, in 1-s looks, until a look finds the machine quiet (or the bounds are reached). */
  async waitForQuiet(): Promise<void> {
    const started = performance.now();
    const limit = Math.min(this.maxWaitMs, this.#budgetMs);
    while (performance.now() - started < limit) {
      const meter = startLoadMeter();
      await new Promise((r) => setTimeout(r, 1_000));
      if (!this.noisy(meter.stop())) break;
    }
    const waited = performance.now() - started;
    this.#budgetMs = Math.max(0, this.#budgetMs - waited);
    this.waitedMs += Math.round(waited);
  }

  /**
   * Runs `sample` after waiting for quiet, again (up to `maxRepeats`) while `loadOf` its result
   * says it ran under foreign load and budget is left. Resolves with the result that counts and
   * the ones set aside.
   */
  async run<T>(
    sample: () => Promise<T>,
    loadOf: (result: T) => Pick<LoadSample, "otherCores">,
  ): Promise<{ value: T; setAside: T[] }> {
    const setAside: T[] = [];
    for (let attempt = 0;; attempt++) {
      await this.waitForQuiet();
      const value = await sample();
      if (!this.noisy(loadOf(value))) return { value, setAside };
      if (attempt >= this.maxRepeats || this.#budgetMs <= 0) {
        this.countedNoisy++;
        return { value, setAside };
      }
      this.repeated++;
      setAside.push(value);
    }
  }

  /** What the gate did, for the report. */
  summary(): { threshold: number; waitedMs: number; repeated: number; countedNoisy: number } {
    return {
      threshold: this.threshold,
      waitedMs: this.waitedMs,
      repeated: this.repeated,
      countedNoisy: this.countedNoisy,
    };
  }
}
