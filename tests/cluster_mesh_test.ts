/**
 * A four-person call spread over three instances (one PostgreSQL, one redis-server), with raw
 * WebSocket clients: the professional on A, the client on B, two invited guests on C and B. Every
 * pair negotiates, each message from the right sender; a guest's link withdrawn through instance C
 * closes that guest's socket (4004) wherever it is, and the others hear it left.
 */
import assert from "node:assert/strict";
import type { AppProcess } from "./helpers/app_process.ts";
import { clientFor, cookieHeader, createAppointment } from "./helpers/app_session.ts";
import { Client } from "./helpers/browserless_client.ts";
import { guestsFrom, postGuest, postGuestAction } from "./helpers/guests.ts";
import { addProfessional } from "./helpers/pro.ts";
import { clusterUnavailable, startClusterParts, startInstance } from "./helpers/cluster_parts.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { CloseCode, withProtocolVersion } from "../signaling/protocol.ts";

const unavailable = clusterUnavailable();
if (unavailable) console.warn(`Skipping the cluster mesh test: ${unavailable}`);

Deno.test({
  name: "a four-person call over three instances: every pair negotiates; a revoke reaches all",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const parts = await startClusterParts();
    const { env } = parts;
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-mesh-" });
    const apps: AppProcess[] = [];
    const sockets: TestSocket[] = [];
    try {
      const token = await addProfessional(dataDir, "Dr. Mesh", env);
      for (let i = 0; i < 3; i++) apps.push(await startInstance(env));
      const [a, b, c] = apps;
      const pro = new Client(a.url);
      await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
      const appt = await createAppointment(pro, "Mesh Client", 0);
      for (const name of ["Gia", "Hal"]) {
        assert.equal((await postGuest(pro, appt.id, { name, role: "family" })).status, 303);
      }
      const guests = guestsFrom((await pro.get(`/dashboard/appointments/${appt.id}`)).text);
      assert.equal(guests.length, 2);
      const client = await clientFor(b.url, appt.link);
      const gia = await clientFor(c.url, guests[0].link!);
      const hal = await clientFor(b.url, guests[1].link!);
      const open = (app: AppProcess, path: string, who: Client) => {
        const s = new TestSocket(withProtocolVersion(`${app.url.replace("http", "ws")}${path}`), {
          cookie: cookieHeader(who),
          origin: app.url,
        });
        sockets.push(s);
        return s;
      };
      // The client and the guests first (invited guests then wait in their seats), then the
      // professional: the first socket's instance (B) holds the call.
      const people: [string, TestSocket][] = [];
      const arrive = async (id: string, s: TestSocket) => {
        await s.nextOf("welcome");
        people.push([id, s]);
      };
      await arrive("client", open(b, "/ws?role=client", client));
      await arrive(`guest:${guests[0].id}`, open(c, "/ws?role=guest", gia));
      await arrive(`guest:${guests[1].id}`, open(b, "/ws?role=guest", hal));
      await arrive("pro", open(a, `/ws?appointment=${appt.id}`, pro));
      const [, giaSocket] = people[1];
      const [, proSocket] = people[3];

      // Every pair: the one who came first offers, the other answers.
      for (let i = 0; i < people.length; i++) {
        for (let j = i + 1; j < people.length; j++) {
          const [fromId, from] = people[i];
          const [toId, to] = people[j];
          const sdp = `v=0\r\ns=${fromId}>${toId}\r\n`;
          from.send(JSON.stringify({ type: "offer", to: toId, sdp }));
          const offer = await to.nextOf("offer");
          assert.deepEqual([offer.from, offer.sdp], [fromId, sdp]);
          to.send(JSON.stringify({ type: "answer", to: fromId, sdp: sdp + "a=answer\r\n" }));
          const answer = await from.nextOf("answer");
          assert.deepEqual([answer.from, answer.sdp], [toId, sdp + "a=answer\r\n"]);
        }
      }
      const seated = await Promise.all(apps.map(async (app) => {
        const m = await (await fetch(`${app.url}/metrics`)).text();
        return Number(m.match(/^frontdesk_cluster_instance_sockets (\d+)$/m)![1]);
      }));
      assert.deepEqual(seated, [1, 2, 1], "the four sockets sit on three instances");

      // Gia's link withdrawn through C (her socket is C's, forwarded to B, which holds the call).
      const viaC = new Client(c.url);
      await (await viaC.fetch(`/pro-link?token=${token}`)).body?.cancel();
      assert.equal((await postGuestAction(viaC, appt.id, guests[0].id, "revoke")).status, 303);
      assert.equal((await giaSocket.closed).code, CloseCode.REVOKED);
      let peer = await proSocket.nextOf("peer");
      while (peer.id !== `guest:${guests[0].id}`) peer = await proSocket.nextOf("peer");
      assert.equal(peer.state, "left");
    } finally {
      for (const s of sockets) s.socket.close();
      for (const app of apps) await app.stop().catch(() => {});
      await parts.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
