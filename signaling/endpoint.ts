/**
 * The HTTP side of signaling: checks an upgrade request (Origin, session),
 * upgrades it with `Deno.upgradeWebSocket` and feeds the socket to the hub.
 *
 * @example
 * ```ts
 * const signaling = createSignalingEndpoint({ hub, authenticate, allowedOrigins: [] });
 * Deno.serve((req) => new URL(req.url).pathname === "/ws" ? signaling(req) : app(req));
 * ```
 */

import type { Connection, Hub, HubSession, Participant } from "./hub.ts";
import { CloseCode, CloseReason } from "./protocol.ts";

/** Options of {@linkcode createSignalingEndpoint}. */
export interface SignalingEndpointOptions {
  hub: Hub;
  /**
   * The session behind the request (its cookie), or null. For a professional,
   * `?appointment=<id>` selects a call socket; without it, a dashboard socket.
   */
  authenticate: (req: Request) => Promise<Participant | null>;
  /** Origins allowed besides the request's own (e.g. behind a TLS proxy). */
  allowedOrigins: string[];
}

/** Frames accepted before the hub has admitted the socket; more is a flood. */
const MAX_EARLY_FRAMES = 64;

function plain(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body + "\n", {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

/** The origin this request was sent to, from its scheme and `Host` header. */
function ownOrigin(req: Request): string | null {
  const host = req.headers.get("host");
  if (!host) return null;
  try {
    return new URL(`${new URL(req.url).protocol}//${host}`).origin;
  } catch {
    return null;
  }
}

function originAllowed(req: Request, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return false;
  let normalized: string;
  try {
    normalized = new URL(origin).origin;
  } catch {
    return false;
  }
  return normalized === ownOrigin(req) || allowed.has(normalized);
}

/** Builds the `GET /ws` handler. */
export function createSignalingEndpoint(
  options: SignalingEndpointOptions,
): (req: Request) => Promise<Response> {
  const { hub, authenticate } = options;
  const allowed = new Set(options.allowedOrigins.map((o) => new URL(o).origin));

  return async (req) => {
    if (req.method !== "GET") return plain(405, "Method Not Allowed", { allow: "GET" });
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return plain(426, "Upgrade Required: this is a WebSocket endpoint", {
        upgrade: "websocket",
        connection: "Upgrade",
      });
    }
    if (!originAllowed(req, allowed)) return plain(403, "Forbidden: foreign origin");
    const participant = await authenticate(req);
    if (!participant) return plain(401, "Unauthorized: no valid session");
    let upgraded: ReturnType<typeof Deno.upgradeWebSocket>;
    try {
      // No `idleTimeout`: the protocol's own heartbeat (pings every 15 s, the hub's sweep closes
      // a socket silent for 45 s) already finds dead peers, and Deno's idle timer is re-armed on
      // every frame, which costs a timer per socket and per relayed message.
      upgraded = Deno.upgradeWebSocket(req);
    } catch {
      return plain(400, "Bad Request: invalid WebSocket handshake");
    }
    attach(hub, upgraded.socket, participant);
    return upgraded.response;
  };
}

/** Wires socket events to a hub session, queueing frames until it is admitted. */
function attach(hub: Hub, socket: WebSocket, participant: Participant): void {
  const conn: Connection = {
    send(text) {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close(code, reason) {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
        socket.close(code, reason);
      }
    },
  };
  let session: HubSession | null = null;
  let gone = false;
  const early: (string | null)[] = [];

  const deliver = (s: HubSession, frame: string | null) => {
    if (frame === null) s.receiveBinary();
    else s.receive(frame);
  };

  socket.onopen = async () => {
    const admitted = await hub.connect(conn, participant);
    session = admitted;
    for (const frame of early.splice(0)) deliver(admitted, frame);
    if (gone) admitted.closed();
  };
  socket.onmessage = (e: MessageEvent) => {
    const frame = typeof e.data === "string" ? e.data : null;
    if (session) return deliver(session, frame);
    if (early.length >= MAX_EARLY_FRAMES) {
      return conn.close(CloseCode.POLICY, CloseReason.RATE_LIMIT);
    }
    early.push(frame);
  };
  socket.onclose = () => {
    gone = true;
    session?.closed();
  };
  socket.onerror = () => {
    // A close event follows; nothing to report (and never a payload).
  };
}
