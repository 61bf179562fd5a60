/**
 * The signaling endpoint of the real server process, authenticated by the
 * real session cookies that the link exchange sets: a client and its
 * professional relay through it, the dashboard socket sees live status, and
 * every refusal answers the right HTTP status at the upgrade.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client } from "./helpers/browserless_client.ts";
import { clientFor, cookieHeader, createAppointment } from "./helpers/app_session.ts";
import { testSecret } from "./helpers/tokens.ts";
import { upgradeStatus } from "./helpers/raw_upgrade.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { withProtocolVersion } from "../signaling/protocol.ts";
import { CloseCode, CloseReason } from "../signaling/protocol.ts";

Deno.test("signaling through the real server, with real session cookies", async (t) => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-ws-" });
  const proToken = await addProfessional(dataDir, "Dr. Socket", { LINK_SECRET: secret });
  const otherToken = await addProfessional(dataDir, "Dr. Other", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const ws = app.url.replace("http", "ws");
  const origin = app.url;
  const sockets: TestSocket[] = [];
  const open = (path: string, c: Client) => {
    const s = new TestSocket(withProtocolVersion(`${ws}${path}`), {
      cookie: cookieHeader(c),
      origin,
    });
    sockets.push(s);
    return s;
  };
  try {
    const pro = new Client(app.url);
    await (await pro.fetch(`/pro-link?token=${proToken}`)).body?.cancel();
    const other = new Client(app.url);
    await (await other.fetch(`/pro-link?token=${otherToken}`)).body?.cancel();
    const now = await createAppointment(pro, "Socket Client", 0);
    const later = await createAppointment(pro, "Later Client", 180);
    const client = await clientFor(app.url, now.link);
    const early = await clientFor(app.url, later.link);

    await t.step(
      "client ↔ professional relay, dashboard sees waiting → in_call → completed (end)",
      async () => {
        const dash = open("/ws", pro);
        await dash.opened;
        assert.equal((await dash.nextOf("welcome")).role, "pro");
        const c = open("/ws?role=client", client);
        const welcome = await c.nextOf("welcome");
        assert.equal(welcome.role, "client");
        assert.equal(welcome.appointment?.id, now.id);
        assert.equal(
          welcome.appointment?.clientName,
          undefined,
          "the client never gets its name back",
        );
        const sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
        c.send(JSON.stringify({ type: "offer", to: "pro", sdp }));
        let status = await dash.nextOf("status");
        while (status.status !== "waiting") status = await dash.nextOf("status");
        assert.equal(status.appointmentId, now.id);
        const p = open(`/ws?appointment=${now.id}`, pro);
        const pw = await p.nextOf("welcome");
        assert.equal(pw.appointment?.clientName, "Socket Client");
        const offer = await p.nextOf("offer");
        assert.equal(offer.sdp, sdp, "SDP relayed byte for byte");
        p.send(JSON.stringify({ type: "answer", to: "client", sdp: sdp + "a=x\r\n" }));
        assert.equal((await c.nextOf("answer")).sdp, sdp + "a=x\r\n");
        do status = await dash.nextOf("status"); while (status.status !== "in_call");
        p.send(JSON.stringify({ type: "end" }));
        assert.deepEqual(await c.closed, {
          code: CloseCode.ENDED,
          reason: CloseReason.ENDED_FOR_EVERYONE,
        });
        do status = await dash.nextOf("status"); while (status.status !== "completed");
      },
    );

    await t.step(
      "refusals at the upgrade (403 foreign origin, 401 without or with a wrong session), and after it",
      async () => {
        const path = (p: string) => `${app.url}${p}`;
        assert.equal(
          await upgradeStatus(path("/ws?role=client"), {
            cookie: cookieHeader(client),
            origin: "https://evil.example",
          }),
          403,
        );
        assert.equal(
          await upgradeStatus(path("/ws?role=client"), { cookie: cookieHeader(client) }),
          403,
        );
        assert.equal(await upgradeStatus(path("/ws"), { origin }), 401);
        assert.equal(
          await upgradeStatus(path("/ws?role=client"), { origin, cookie: "fd_client=garbage" }),
          401,
        );
        // A client whose appointment is not open yet, or is over, is told so in the close code
        // (the browser then stops reconnecting and says why).
        assert.deepEqual(await open("/ws?role=client", early).closed, {
          code: CloseCode.POLICY,
          reason: CloseReason.NOT_OPEN_YET,
        });
        assert.deepEqual(await open("/ws?role=client", client).closed, {
          code: CloseCode.ENDED,
          reason: CloseReason.ENDED_FOR_EVERYONE,
        }, "the call above was ended for everyone: a socket arriving now hears so too");
        // A professional cannot open the call of another professional's appointment.
        assert.equal(
          await upgradeStatus(path(`/ws?appointment=${now.id}`), {
            origin,
            cookie: cookieHeader(other),
          }),
          401,
        );
        // A client cookie is no professional session.
        assert.equal(
          await upgradeStatus(path("/ws"), { origin, cookie: cookieHeader(client) }),
          401,
        );
      },
    );

    await t.step("metrics in Prometheus text format", async () => {
      const res = await fetch(`${app.url}/metrics`);
      const text = await res.text();
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
      assert.match(text, /# TYPE \S+ (gauge|counter)/);
      assert.ok(/relayed/.test(text) && /rejected/.test(text), text);
      const rss = Number(text.match(/\nprocess_resident_memory_bytes (\d+)\n/)?.[1]);
      assert.ok(rss > 1_000_000, "the server's resident memory is reported");
      assert.match(text, /\ndeno_heap_used_bytes \d+\n/);
    });
  } finally {
    for (const s of sockets) await s.close().catch(() => {});
    await app.stop();
  }
});
