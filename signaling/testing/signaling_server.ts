/**
 * A real signaling server for integration tests: the app's HTTP server
 * (`utils/node_server.ts`) on a free loopback port with the endpoint and the
 * `ws` transport, a hub over the real SQLite store (in memory), two
 * professionals and one appointment each.
 */

import { SqliteStore } from "../../domain/sqlite_store.ts";
import type { Appointment, Store } from "../../domain/store.ts";
import { serveNode } from "../../utils/node_server.ts";
import { createSignalingEndpoint } from "../endpoint.ts";
import { createWsTransport } from "../ws_transport.ts";
import { Hub, type HubLimits } from "../hub.ts";
import { type TestSession, TestSessions } from "./test_sessions.ts";
import { TestSocket } from "./ws_client.ts";
import { withProtocolVersion } from "../protocol.ts";

/** Options of {@linkcode startSignalingServer}. */
export interface ServerOptions {
  limits?: Partial<HubLimits>;
  allowedOrigins?: string[];
}

/** What {@linkcode TestSignalingServer.open} sends with the handshake. */
export interface OpenOptions {
  /** Defaults to the server's own origin; null sends none. */
  origin?: string | null;
  /** For a professional: the appointment of a call socket. */
  appointment?: string;
  ttlSec?: number;
  /** Send this cookie instead of a signed one. */
  cookie?: string;
  /** The `v` on the URL instead of this protocol's; null sends none. */
  version?: string | null;
}

/** A running test server. */
export interface TestSignalingServer {
  origin: string;
  url: string;
  store: Store;
  hub: Hub;
  sessions: TestSessions;
  /** Owned by `proId`. */
  appt: Appointment;
  /** Owned by `strangerId`. */
  other: Appointment;
  proId: string;
  strangerId: string;
  /** Opens a socket as `session`; closed by {@linkcode shutdown}. */
  open(session: TestSession, options?: OpenOptions): Promise<TestSocket>;
  /** Sends a raw HTTP/1.1 request to the endpoint; resolves to the response status. */
  handshake(headers: Record<string, string>, path?: string): Promise<number>;
  /** Closes every socket, the hub, the server and the store. */
  shutdown(): Promise<void>;
}

export async function startSignalingServer(
  options: ServerOptions = {},
): Promise<TestSignalingServer> {
  const store = new SqliteStore(":memory:");
  const pro = await store.createProfessional("Dr. Ada");
  const stranger = await store.createProfessional("Dr. Eve");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "Grace Client",
    startsAt: Date.now(),
    durationMin: 30,
  });
  const other = await store.createAppointment({
    professionalId: stranger.id,
    clientName: "Other Client",
    startsAt: Date.now(),
    durationMin: 30,
  });
  const hub = new Hub({ store, limits: { graceMs: 0, ...options.limits } });
  const sessions = new TestSessions();
  const endpoint = createSignalingEndpoint({
    authenticate: sessions.authenticate,
    allowedOrigins: options.allowedOrigins ?? [],
  });
  const server = await serveNode({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) =>
      new URL(req.url).pathname === "/ws"
        ? endpoint.refuse(req)
        : new Response(null, { status: 404 }),
    upgrade: { path: "/ws", handle: createWsTransport({ hub, endpoint }) },
  });
  const base = `127.0.0.1:${server.addr.port}`;
  const sockets: TestSocket[] = [];
  return {
    origin: `http://${base}`,
    url: `ws://${base}/ws`,
    store,
    hub,
    sessions,
    appt,
    other,
    proId: pro.id,
    strangerId: stranger.id,
    async open(session, opts = {}) {
      const headers: Record<string, string> = {
        cookie: opts.cookie ?? await sessions.cookie(session, opts.ttlSec),
      };
      const origin = opts.origin === undefined ? `http://${base}` : opts.origin;
      if (origin !== null) headers.origin = origin;
      const query = opts.appointment ? `?appointment=${encodeURIComponent(opts.appointment)}` : "";
      const url = `ws://${base}/ws${query}`;
      const versioned = opts.version === undefined
        ? withProtocolVersion(url)
        : opts.version === null
        ? url
        : `${url}${query ? "&" : "?"}v=${opts.version}`;
      const socket = new TestSocket(versioned, headers);
      sockets.push(socket);
      return socket;
    },
    async handshake(headers, path = "/ws") {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
      try {
        const lines = [`GET ${path} HTTP/1.1`, `Host: ${base}`, "Connection: close"];
        for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
        await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
        const buf = new Uint8Array(1024);
        const n = await conn.read(buf);
        const head = new TextDecoder().decode(buf.subarray(0, n ?? 0));
        return Number(head.split(" ")[1]);
      } finally {
        conn.close();
      }
    },
    async shutdown() {
      await Promise.all(sockets.map((s) => s.close()));
      await hub.close();
      await server.shutdown(5_000);
      store.close();
    },
  };
}
