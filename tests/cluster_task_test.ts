/**
 * `deno task cluster` itself: three instances, PostgreSQL, Redis and HAProxy started by the
 * script; the printed demo links work through the proxy; the professional's and the client's
 * sockets, opened through HAProxy (round robin, no sticky sessions), negotiate whichever
 * instances they land on; Ctrl-C (SIGINT) stops everything.
 */
import assert from "node:assert/strict";
import { clientFor, cookieHeader } from "./helpers/app_session.ts";
import { Client } from "./helpers/browserless_client.ts";
import { postgresUnavailable } from "./helpers/postgres.ts";
import { redisUnavailable } from "./helpers/redis.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { withProtocolVersion } from "../signaling/protocol.ts";

const HAPROXY = "/usr/sbin/haproxy";
const unavailable = postgresUnavailable() ?? redisUnavailable() ??
  (() => {
    try {
      Deno.statSync(HAPROXY);
      return null;
    } catch {
      return `${HAPROXY} is missing: install HAProxy (apt-get install haproxy)`;
    }
  })();
if (unavailable) console.warn(`Skipping the cluster task test: ${unavailable}`);

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function refused(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return false;
  } catch {
    return true;
  }
}

Deno.test({
  name: "deno task cluster: three instances behind HAProxy, a call through it, Ctrl-C stops all",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const port = freePort();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-bundle", "scripts/cluster.ts"],
      cwd: new URL("../", import.meta.url),
      env: { PORT: String(port), REDIS_TTL_MS: "2000" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let text = "";
    const pump = async (s: ReadableStream<Uint8Array>) => {
      const d = new TextDecoder();
      for await (const chunk of s) text += d.decode(chunk, { stream: true });
    };
    const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
    const sockets: TestSocket[] = [];
    try {
      const deadline = Date.now() + 90_000;
      while (!text.includes("cluster ready")) {
        if (Date.now() > deadline || text.includes("cluster: stopped")) {
          throw new Error(`cluster did not start:\n${text}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const base = `http://127.0.0.1:${port}`;
      const ready = text.split("\n").find((l) => l.includes("cluster ready"))!;
      const ports = [...ready.matchAll(/ [a-c] :(\d+)/g)].map((m) => Number(m[1]));
      assert.equal(ports.length, 3, ready);
      const dashboard = text.match(/Dashboard link: (\S+)/)![1];
      const clientLink = text.match(/Client link: (\S+)/)![1];
      assert.ok(dashboard.startsWith(base), "links name the proxy's address");

      const pro = new Client(base);
      await (await pro.fetch(new URL(dashboard).pathname + new URL(dashboard).search)).body
        ?.cancel();
      const client = await clientFor(base, clientLink);
      const ws = base.replace("http", "ws");
      const open = (path: string, who: Client) => {
        const s = new TestSocket(withProtocolVersion(`${ws}${path}`), {
          cookie: cookieHeader(who),
          origin: base,
        });
        sockets.push(s);
        return s;
      };
      // Several sockets each, so round robin spreads them over the instances.
      const dashes = [open("/ws", pro), open("/ws", pro), open("/ws", pro)];
      for (const d of dashes) await d.nextOf("welcome");
      const cs = open("/ws?role=client", client);
      const welcome = await cs.nextOf("welcome");
      const appointmentId = welcome.appointment!.id;
      const ps = open(`/ws?appointment=${appointmentId}`, pro);
      await ps.nextOf("welcome");
      cs.send(JSON.stringify({ type: "offer", to: "pro", sdp: "v=0\r\n" }));
      assert.equal((await ps.nextOf("offer")).sdp, "v=0\r\n");
      ps.send(JSON.stringify({ type: "answer", to: "client", sdp: "v=0\r\na=x\r\n" }));
      assert.equal((await cs.nextOf("answer")).sdp, "v=0\r\na=x\r\n");

      // Each instance's own /metrics (direct, loopback): the five sockets are spread, and the
      // instances that took sockets of the call's professional forward them to its holder.
      const counts = await Promise.all(ports.map(async (p) => {
        const m = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
        const get = (name: string) => Number(m.match(new RegExp(`^${name} (\\d+)$`, "m"))![1]);
        return {
          here: get("frontdesk_cluster_instance_sockets"),
          forwarded: get("frontdesk_cluster_forwarded_sockets"),
        };
      }));
      assert.equal(counts.reduce((n, c) => n + c.here, 0), 5);
      assert.ok(counts.filter((c) => c.here > 0).length >= 2, "spread over instances");
      assert.ok(counts.some((c) => c.forwarded > 0), "some forwarded to the holder");
      // Through the proxy, /metrics is refused without METRICS_TOKEN (X-Forwarded-For).
      const viaProxy = await fetch(`${base}/metrics`);
      await viaProxy.body?.cancel();
      assert.equal(viaProxy.status, 403);
    } finally {
      for (const s of sockets) s.socket.close();
      try {
        child.kill("SIGINT");
      } catch { /* gone */ }
      const status = await child.status;
      await pumps;
      assert.equal(status.code, 0, text.slice(-2000));
      assert.ok(text.includes("cluster: stopped"));
    }
    assert.ok(await refused(port), "the proxy is gone");
  },
});
