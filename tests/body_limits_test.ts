/**
 * Issue 16, finding 1: request bodies are read with a byte cap. Against the
 * real server process, large chunked bodies (no Content-Length) to every
 * route that reads a body get a 413 while the server's memory (VmRSS) stays
 * flat and `/healthz` keeps answering; so do bodies that never finish.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { testSecret } from "./helpers/tokens.ts";
import { chunkedPost } from "./helpers/chunked_post.ts";
import { rssBytes } from "../bench/proc_stats.ts";
import { within } from "../utils/within.ts";

const MB = 1024 * 1024;
/** Each large body offered: far above any cap, small enough for loopback in a test. */
const ATTACK_BYTES = 128 * MB;
/** How much the server's resident memory may grow over the whole attack. */
const RSS_BOUND = 50 * MB;

interface World {
  app: AppProcess;
  cookie: string;
  apptId: string;
}

async function setUp(): Promise<World> {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-body-" });
  const proToken = await addProfessional(dataDir, "Dr. Body Limits", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const pro = new Client(app.url);
  await (await pro.fetch(`/pro-link?token=${proToken}`)).body?.cancel();
  const dash = await pro.get("/dashboard");
  const res = await pro.postForm("/dashboard", {
    csrf: csrfFrom(dash.text),
    tz: "UTC",
    clientName: "Body Test Client",
    start: new Date(Date.now() + 3_600_000).toISOString().slice(0, 16),
    durationMin: "30",
  });
  await res.body?.cancel();
  assert.equal(res.status, 303);
  const apptId = res.headers.get("location")!.split("/").pop()!;
  const cookie = [...pro.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return { app, cookie, apptId };
}

/**
 * Runs `attack` while sampling the server's RSS and asking `/healthz` in a
 * loop; returns the peak RSS growth and every health answer's status.
 */
async function watched(app: AppProcess, attack: () => Promise<void>) {
  const base = rssBytes(app.pid);
  let peak = base;
  let running = true;
  const sampler = setInterval(() => peak = Math.max(peak, rssBytes(app.pid)), 20);
  const health: number[] = [];
  const prober = (async () => {
    while (running) {
      const res = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(2_000) })
        .catch(() => null);
      health.push(res?.status ?? 0);
      await res?.body?.cancel();
    }
  })();
  try {
    await attack();
  } finally {
    running = false;
    await prober;
    clearInterval(sampler);
    peak = Math.max(peak, rssBytes(app.pid));
  }
  return { base, growth: peak - base, health };
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

Deno.test("large chunked bodies get a 413 on every route that reads a body, in bounded memory", async (t) => {
  const { app, cookie, apptId } = await setUp();
  try {
    const form = {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: app.url,
      Cookie: cookie,
    };
    const targets: [string, Record<string, string>, RegExp][] = [
      ["/api/validate-link", { "Content-Type": "application/json" }, /"too_large"/],
      ["/dashboard", form, /This form is too large/],
      [`/dashboard/appointments/${apptId}/revoke`, form, /This form is too large/],
      [`/dashboard/appointments/${apptId}/cancel`, form, /This form is too large/],
    ];
    // Warm up every route once with a small body, so first-use allocations are not counted.
    for (const [path, headers] of targets) {
      const p = await chunkedPost(app.url + path, { headers, totalBytes: 1, finish: true });
      await p.answer;
      p.close();
    }
    for (const [path, headers, page] of targets) {
      await t.step(`POST ${path.replace(apptId, ":id")}`, async () => {
        let answer = { status: 0, head: "", body: "" };
        let sent = { bytes: 0, finished: false };
        const seen = await watched(app, async () => {
          const p = await chunkedPost(app.url + path, {
            headers,
            totalBytes: ATTACK_BYTES,
            finish: true,
          });
          try {
            const inTime = await within(p.answer, 30_000);
            assert.ok(inTime, "the server answered within 30 s");
            [answer, sent] = await Promise.all([p.answer, p.sent]);
          } finally {
            p.close();
          }
        });
        console.info(
          `${path.replace(apptId, ":id")}: ${answer.status} after ${mb(sent.bytes)} sent; ` +
            `RSS ${mb(seen.base)} + ${mb(seen.growth)}; /healthz ${seen.health.length} answers`,
        );
        assert.equal(answer.status, 413);
        assert.match(answer.body, page);
        assert.ok(!sent.finished, "the answer came before the body was finished");
        assert.ok(
          seen.growth < RSS_BOUND,
          `RSS grew by ${mb(seen.growth)} (bound ${mb(RSS_BOUND)})`,
        );
        assert.ok(seen.health.length > 0 && seen.health.every((s) => s === 200));
      });
    }
  } finally {
    await app.stop();
  }
});

Deno.test("bodies that never finish get a 413 once past the cap, and memory stays bounded", async () => {
  const { app, cookie } = await setUp();
  const CONNECTIONS = 20;
  const EACH = 10 * MB;
  const posts: Awaited<ReturnType<typeof chunkedPost>>[] = [];
  try {
    const targets: [string, Record<string, string>][] = [
      ["/api/validate-link", { "Content-Type": "application/json" }],
      ["/dashboard", {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: app.url,
        Cookie: cookie,
      }],
    ];
    const warm = await chunkedPost(app.url + targets[0][0], {
      headers: targets[0][1],
      totalBytes: 1,
      finish: true,
    });
    await warm.answer;
    warm.close();
    const statuses: number[] = [];
    const seen = await watched(app, async () => {
      for (let i = 0; i < CONNECTIONS; i++) {
        const [path, headers] = targets[i % targets.length];
        // Small chunks, each written only once the socket takes it; the last chunk never comes.
        posts.push(
          await chunkedPost(app.url + path, {
            headers,
            totalBytes: EACH,
            chunkBytes: 4 * 1024,
            finish: false,
          }),
        );
      }
      const all = Promise.all(posts.map((p) => p.answer));
      assert.ok(await within(all, 30_000), "every unfinished body was answered within 30 s");
      for (const a of await all) statuses.push(a.status);
    });
    console.info(
      `${CONNECTIONS} unfinished bodies: statuses ${[...new Set(statuses)]}; ` +
        `RSS ${mb(seen.base)} + ${mb(seen.growth)}`,
    );
    assert.deepEqual(statuses, Array(CONNECTIONS).fill(413));
    assert.ok(seen.growth < RSS_BOUND, `RSS grew by ${mb(seen.growth)} (bound ${mb(RSS_BOUND)})`);
    assert.ok(seen.health.length > 0 && seen.health.every((s) => s === 200));
  } finally {
    for (const p of posts) p.close();
    await app.stop();
  }
});
