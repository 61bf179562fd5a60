/**
 * The HTTP(S) listener: Node's `http`/`https` server (inside Deno), web `Request`s in and
 * `Response`s out through `@hono/node-server`, and WebSocket upgrades of one path handed over
 * with their raw socket.
 *
 * Why not `Deno.serve`: its WebSocket reassembles fragmented messages with no size limit
 * (denoland/deno#15809) and drops the connection when a peer keeps sending after a Close frame,
 * so close codes never arrive; the `ws` library on a raw socket does neither (see
 * `signaling/ws_transport.ts`).
 *
 * @example
 * ```ts
 * const server = await serveNode({
 *   hostname: "127.0.0.1",
 *   port: 0,
 *   fetch: (req, info) => app(req, info),
 *   upgrade: { path: "/ws", handle: (req, raw) => transport(req, raw) },
 * });
 * ```
 */
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { within } from "./within.ts";

/** What an upgrade handler gets besides the web `Request`. */
export interface RawUpgrade {
  incoming: http.IncomingMessage;
  socket: Duplex;
  /** Bytes the client sent after the request head. */
  head: Buffer;
}

/** Options of {@linkcode serveNode}. */
export interface NodeServerOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM certificate and key: serve HTTPS (and wss). */
  tls?: { cert: string; key: string };
  fetch: (req: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => Response | Promise<Response>;
  upgrade: {
    /** Only upgrade requests to this path reach `handle`; others go to `fetch` as usual. */
    path: string;
    /**
     * Takes the socket over (resolves to null) or refuses: the `Response` is written onto the
     * socket, which is then closed.
     */
    handle(req: Request, raw: RawUpgrade): Promise<Response | null>;
  };
}

/** A listening server. */
export interface NodeServer {
  addr: Deno.NetAddr;
  /** Resolves once the server is closed and every connection is gone. */
  finished: Promise<void>;
  /**
   * Stops listening and closes idle connections; waits up to `graceMs` for open requests and
   * sockets, then drops what is left. Resolves to whether everything finished in time.
   */
  shutdown(graceMs: number): Promise<boolean>;
}

function pathOf(target: string | undefined): string {
  const url = target ?? "/";
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function remoteAddr(incoming: http.IncomingMessage): Deno.NetAddr {
  const { remoteAddress, remotePort } = incoming.socket;
  return { transport: "tcp", hostname: remoteAddress ?? "0.0.0.0", port: remotePort ?? 0 };
}

/**
 * The web `Request` of an upgrade request (no body). Throws on a `Host` header that makes no URL.
 */
function upgradeRequest(incoming: http.IncomingMessage, secure: boolean): Request {
  const url = new URL(`${secure ? "https" : "http"}://${incoming.headers.host ?? ""}`);
  if (url.pathname !== "/" || url.search !== "" || url.username !== "") {
    throw new TypeError("invalid Host header");
  }
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return new Request(new URL(incoming.url ?? "/", url), { method: incoming.method, headers });
}

/** Writes `res` as a complete HTTP/1.1 answer onto a socket that is no longer parsed as HTTP. */
async function writeResponse(socket: Duplex, res: Response): Promise<void> {
  const body = new Uint8Array(await res.arrayBuffer());
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${res.status} ${http.STATUS_CODES[res.status] ?? ""}`];
  for (const [name, value] of res.headers) {
    if (name !== "content-length" && name !== "connection") lines.push(`${name}: ${value}`);
  }
  lines.push(`content-length: ${body.byteLength}`, "connection: close", "", "");
  socket.write(lines.join("\r\n"));
  socket.end(body);
}

function ignore(): void {}

/** Starts listening; resolves once bound, with the actual address (e.g. for port 0). */
export async function serveNode(options: NodeServerOptions): Promise<NodeServer> {
  const secure = options.tls !== undefined;
  const listener = getRequestListener((req, env) => {
    const { incoming, outgoing } = env as {
      incoming: http.IncomingMessage;
      outgoing: http.ServerResponse;
    };
    const completed = new Promise<void>((resolve) => outgoing.once("close", resolve));
    return options.fetch(req, { remoteAddr: remoteAddr(incoming), completed });
  }, {
    // Keep the runtime's own Request and Response: the app builds global `Response`s.
    overrideGlobalObjects: false,
  });
  const serverOptions: http.ServerOptions = {
    shouldUpgradeCallback: (req: http.IncomingMessage) => pathOf(req.url) === options.upgrade.path,
  };
  const server = options.tls
    ? https.createServer(
      { ...serverOptions, cert: options.tls.cert, key: options.tls.key },
      listener,
    )
    : http.createServer(serverOptions, listener);

  /** Upgraded sockets: the HTTP server no longer tracks them, the shutdown still must. */
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (incoming: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until a handler owns it, a reset from the client must not become an uncaught error.
    socket.on("error", ignore);
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    let req: Request;
    try {
      req = upgradeRequest(incoming, secure);
    } catch {
      writeResponse(socket, new Response("Bad Request: invalid Host header\n", { status: 400 }));
      return;
    }
    options.upgrade.handle(req, { incoming, socket, head }).then(
      (refusal) => refusal && writeResponse(socket, refusal),
      () => writeResponse(socket, new Response("Internal Server Error\n", { status: 500 })),
    ).catch(() => socket.destroy());
  });

  const finished = new Promise<void>((resolve) => server.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const addr: Deno.NetAddr = { transport: "tcp", hostname: bound.address, port: bound.port };

  let stopping: Promise<boolean> | undefined;
  const shutdown = (graceMs: number) => {
    stopping ??= (async () => {
      server.close();
      server.closeIdleConnections();
      const inTime = await within(finished, graceMs);
      if (!inTime) {
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        await finished;
      }
      return inTime;
    })();
    return stopping;
  };
  return { addr, finished, shutdown };
}
