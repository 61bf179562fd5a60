/**
 * `deno task cluster`: Frontdesk as several instances on this machine, for trying it and for the
 * tests. It starts a throwaway PostgreSQL and Redis (in a temporary directory, gone afterwards),
 * three instances of `main.ts` on free ports sharing them, and HAProxy in front on `PORT` (default
 * 8000), and stops them all on Ctrl-C (SIGINT) or SIGTERM. The first instance creates the demo
 * professional and prints its dashboard link, on the proxy's address.
 *
 * Needs Debian's `postgresql`, `redis-server` and `haproxy` (and root, to run PostgreSQL as the
 * `postgres` user). The PostgreSQL and Redis launchers are the tests' own (tests/helpers/).
 *
 * Options: `CLUSTER_INSTANCES` (default 3, 2 to 9); every other setting of the environment
 * (e.g. `SEAT_GRACE_MS`, `REDIS_TTL_MS`) goes to every instance.
 */
import { startPostgres } from "../tests/helpers/postgres.ts";
import { startRedis } from "../tests/helpers/redis.ts";
import { haproxyConfig } from "./cluster_haproxy.ts";

const ROOT = new URL("../", import.meta.url);
const HAPROXY = "/usr/sbin/haproxy";
const NAMES = "abcdefghi";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Copies `stream` to stdout line by line, each line prefixed with `[name]`. */
async function prefixed(
  name: string,
  stream: ReadableStream<Uint8Array>,
  seen: (l: string) => void,
) {
  const out = new TextEncoder();
  let rest = "";
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    const chunk = decoder.decode(bytes, { stream: true });
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      seen(line);
      await Deno.stdout.write(out.encode(`[${name}] ${line}\n`));
    }
  }
}

/** A running instance. */
interface Instance {
  name: string;
  port: number;
  child: Deno.ChildProcess;
  done: Promise<unknown>;
}

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = freePort();
  const dataDir = await Deno.makeTempDir({ prefix: `frontdesk-cluster-${name}-` });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-bundle", "main.ts"],
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let listening: () => void;
  const ready = new Promise<void>((r) => listening = r);
  // Ready once it listens and is on Redis (in either order).
  const waiting = new Set(['"msg":"listening"', '"msg":"redis connected"']);
  const seen = (line: string) => {
    for (const w of waiting) if (line.includes(w)) waiting.delete(w);
    if (waiting.size === 0) listening();
  };
  const done = Promise.all([
    prefixed(name, child.stdout, seen),
    prefixed(name, child.stderr, seen),
    child.status,
  ]).finally(() => Deno.remove(dataDir, { recursive: true }).catch(() => {}));
  const status = child.status.then((s) => {
    throw new Error(`instance ${name} exited (${s.code}) before it was ready`);
  });
  await Promise.race([ready, status]);
  status.catch(() => {});
  return { name, port, child, done };
}

function stop(child: Deno.ChildProcess, signal: Deno.Signal = "SIGTERM"): void {
  try {
    child.kill(signal);
  } catch {
    // Already gone.
  }
}

async function main(): Promise<void> {
  const count = Number(Deno.env.get("CLUSTER_INSTANCES") || 3);
  if (!Number.isInteger(count) || count < 2 || count > 9) {
    console.error("CLUSTER_INSTANCES must be a whole number from 2 to 9");
    Deno.exit(2);
  }
  const port = Number(Deno.env.get("PORT") || 8000);
  const publicUrl = `http://127.0.0.1:${port}`;
  const pg = await startPostgres();
  const redis = await startRedis();
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-cluster-" });
  const instances: Instance[] = [];
  let haproxy: Deno.ChildProcess | null = null;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("cluster: stopping");
    if (haproxy) stop(haproxy);
    for (const i of instances) stop(i.child);
    await Promise.allSettled([haproxy?.status, ...instances.map((i) => i.done)]);
    // Ctrl-C reaches the whole process group: Redis and PostgreSQL may be stopping already.
    await redis.stop().catch(() => {});
    await pg.stop().catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    console.log("cluster: stopped");
  };
  const onSignal = () => void shutdown().then(() => Deno.exit(0));
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    const secret = Deno.env.get("LINK_SECRET") ||
      btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(48))));
    const env = {
      ...Deno.env.toObject(),
      DATABASE_URL: await pg.createDatabase(),
      REDIS_URL: redis.url,
      LINK_SECRET: secret,
      PUBLIC_URL: Deno.env.get("PUBLIC_URL") || publicUrl,
    };
    // One at a time: the first migrates the database and creates the demo professional.
    for (let i = 0; i < count; i++) {
      const first = i === 0;
      instances.push(
        await startInstance(NAMES[i], {
          ...env,
          DEMO: first ? (Deno.env.get("DEMO") ?? "1") : "0",
          PRINT_LINKS: first ? "1" : "0",
        }),
      );
    }
    const config = `${dir}/haproxy.cfg`;
    await Deno.writeTextFile(
      config,
      haproxyConfig(port, instances.map((i) => ({ name: i.name, port: i.port }))),
    );
    haproxy = new Deno.Command(HAPROXY, { args: ["-f", config, "-db"], stdin: "null" }).spawn();
    await waitFor(`${publicUrl}/healthz`, haproxy);
    console.log(
      `cluster ready: ${publicUrl} (HAProxy) → ` +
        instances.map((i) => `${i.name} :${i.port}`).join(", ") + "; Ctrl-C stops it all",
    );
    await haproxy.status;
    if (!stopping) throw new Error("haproxy exited");
  } catch (err) {
    console.error(`cluster: ${(err as Error).message}`);
    await shutdown();
    Deno.exit(1);
  }
}

/** Waits until `url` answers 200 through the proxy (which must not exit meanwhile). */
async function waitFor(url: string, proxy: Deno.ChildProcess): Promise<void> {
  let exited = false;
  proxy.status.then(() => exited = true);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(exited ? "haproxy exited at start" : "haproxy did not come up");
}

if (import.meta.main) await main();
