/**
 * The parts of the cluster bench: a throwaway PostgreSQL and Redis (the tests' launchers), the
 * fixtures in PostgreSQL, and groups of servers under test sharing them: Frontdesk instances on
 * `DATABASE_URL` + `REDIS_URL`, socket.io processes on `@socket.io/redis-adapter`, and one of
 * each without Redis (the single-instance figure of the same run).
 */
import { base64url } from "jose";
import {
  postgresUnavailable,
  startPostgres,
  type TestPostgres,
} from "../tests/helpers/postgres.ts";
import { redisUnavailable, startRedis, type TestRedis } from "../tests/helpers/redis.ts";
import { createFixtures } from "./fixtures.ts";
import { type ServerKind, type ServerUnderTest, startServer } from "./servers.ts";
import { cpuSeconds } from "./proc_stats.ts";
import { DEFAULT_LIMITS } from "../signaling/hub_limits.ts";

const GRACE_MS = DEFAULT_LIMITS.graceMs;

/**
 * The origin every server of a group accepts (Frontdesk's `ALLOWED_ORIGINS`, socket.io's
 * `PUBLIC_ORIGIN`): in production the proxy's, whose `Host` header the instances would see. The load processes connect to each instance directly: a proxy holds
 * two descriptors per socket, and 100,000 is more than one process may open here.
 */
export const PUBLIC_ORIGIN = "http://127.0.0.1:8000";

/** What every server of the run shares. */
export interface ClusterInfra {
  dir: string;
  secret: string;
  databaseUrl: string;
  redisUrl: string;
  fixturesPath: string;
  stop(): Promise<void>;
}

/** Why the cluster bench cannot run here (PostgreSQL or Redis missing, not root), or null. */
export function clusterUnavailable(): string | null {
  return postgresUnavailable() ?? redisUnavailable();
}

/** Starts PostgreSQL and Redis and creates `appointments` appointments in the database. */
export async function startInfra(
  appointments: number,
  progress: (line: string) => void,
): Promise<ClusterInfra> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-bench-cluster-" });
  let pg: TestPostgres | undefined;
  let redis: TestRedis | undefined;
  const stop = async () => {
    await redis?.stop().catch(() => {});
    await pg?.stop().catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await Deno.chmod(dir, 0o700);
    pg = await startPostgres();
    redis = await startRedis();
    const databaseUrl = await pg.createDatabase();
    const secret = base64url.encode(crypto.getRandomValues(new Uint8Array(48)));
    const fixturesPath = `${dir}/fixtures.json`;
    const started = performance.now();
    await createFixtures(
      `${dir}/fixtures-data`,
      new TextEncoder().encode(secret),
      appointments,
      fixturesPath,
      { url: databaseUrl, maxConnections: 10 },
    );
    progress(
      `cluster fixtures: ${appointments} appointments in PostgreSQL in ${
        Math.round(performance.now() - started)
      } ms`,
    );
    return {
      dir,
      secret,
      databaseUrl,
      redisUrl: redis.url,
      fixturesPath,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A running group of servers of one kind. */
export interface ServerGroup {
  kind: ServerKind;
  servers: ServerUnderTest[];
  stop(): Promise<void>;
}

/**
 * Starts `count` servers of `kind` (Frontdesk or socket.io) sharing `infra`: on Redis when
 * `onRedis`, each alone otherwise. One at a time, so the first migrates the database alone.
 */
export async function startGroup(
  kind: "frontdesk" | "reference",
  count: number,
  infra: ClusterInfra,
  onRedis: boolean,
  cpus?: string,
): Promise<ServerGroup> {
  const servers: ServerUnderTest[] = [];
  const stop = async () => {
    await Promise.allSettled(servers.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i < count; i++) {
      const dataDir = `${infra.dir}/${kind}-${onRedis ? "cluster" : "single"}-${i}`;
      const env: Record<string, string> = kind === "frontdesk"
        ? {
          DATABASE_URL: infra.databaseUrl,
          PUBLIC_URL: PUBLIC_ORIGIN,
          ALLOWED_ORIGINS: PUBLIC_ORIGIN,
        }
        : { PUBLIC_ORIGIN };
      if (onRedis) env.REDIS_URL = infra.redisUrl;
      servers.push(
        await startServer(kind, {
          dataDir,
          secret: infra.secret,
          fixturesPath: infra.fixturesPath,
          cpus,
          env,
        }),
      );
    }
    return { kind, servers, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Waits past the grace period, then (at most `maxMs` in all) until every server of `group` uses
 * under 5 % of a core over a second: after 50,000 sockets close, the instances are busy for a
 * while (seats given up when their grace runs out, claims released), and a latency try started
 * meanwhile times that work, not the relay.
 * Resolves with the ms waited.
 */
export async function settle(
  group: ServerGroup,
  closedSockets: number,
  maxMs = 90_000,
): Promise<number> {
  const started = performance.now();
  // The seats of the sockets just closed are kept for the grace period (20 s) and go after it:
  // with thousands of them, a burst of work then (a few closed: nothing to wait for).
  if (closedSockets >= 1_000) await new Promise((r) => setTimeout(r, GRACE_MS + 5_000));
  while (performance.now() - started < maxMs) {
    const before = group.servers.map((s) => cpuSeconds(s.pid));
    await new Promise((r) => setTimeout(r, 1_000));
    const busy = group.servers.some((s, i) => cpuSeconds(s.pid) - before[i] > 0.05);
    if (!busy) break;
  }
  return Math.round(performance.now() - started);
}
