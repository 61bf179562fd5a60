/**
 * What the tests of several instances share (tests/cluster_*_test.ts): a throwaway PostgreSQL
 * and redis-server, the environment that points instances at them, an instance started and
 * connected to Redis, and one sample of an instance's own /metrics.
 */
import { type AppProcess, startApp } from "./app_process.ts";
import { postgresUnavailable, startPostgres, type TestPostgres } from "./postgres.ts";
import { redisUnavailable, startRedis, type TestRedis } from "./redis.ts";
import { testSecret } from "./tokens.ts";

/** Why the cluster tests cannot run here (PostgreSQL or Redis missing), or null. */
export function clusterUnavailable(): string | null {
  return postgresUnavailable() ?? redisUnavailable();
}

/** The shared parts of a cluster under test. */
export interface ClusterParts {
  postgres: TestPostgres;
  redis: TestRedis;
  /** DATABASE_URL, REDIS_URL, REDIS_TTL_MS and LINK_SECRET, plus what the test added. */
  env: Record<string, string>;
  /** Stops Redis, then PostgreSQL. */
  stop(): Promise<void>;
}

/** Starts PostgreSQL and Redis for instances whose Redis claims live `ttlMs`. */
export async function startClusterParts(
  extra: Record<string, string> = {},
  ttlMs = 2_000,
): Promise<ClusterParts> {
  const postgres = await startPostgres();
  const redis = await startRedis();
  const env = {
    DATABASE_URL: await postgres.createDatabase(),
    REDIS_URL: redis.url,
    REDIS_TTL_MS: String(ttlMs),
    LINK_SECRET: testSecret(),
    ...extra,
  };
  return {
    postgres,
    redis,
    env,
    async stop() {
      await redis.stop();
      await postgres.stop();
    },
  };
}

/** Starts one instance on `env` and waits until it is connected to Redis. */
export async function startInstance(env: Record<string, string>): Promise<AppProcess> {
  const app = await startApp({ env });
  await app.waitForOutput('"msg":"redis connected"');
  return app;
}

/** One of `app`'s Prometheus samples (its own /metrics, not through a proxy). */
export async function metricSample(app: AppProcess, name: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(name + " "));
  if (line === undefined) throw new Error(`no ${name} in /metrics`);
  return Number(line.slice(name.length + 1));
}
