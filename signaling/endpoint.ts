/**
 * The HTTP side of signaling: decides whether a request to `/ws` may become a
 * signaling socket (method, Upgrade, Origin, session) and answers every
 * refusal as a plain HTTP response. `ws_transport.ts` opens the admitted
 * sockets; the hub runs them.
 *
 * @example
 * ```ts
 * const endpoint = createSignalingEndpoint({ authenticate, allowedOrigins: [] });
 * const verdict = await endpoint.admit(req); // a Participant, or a Response to send back
 * ```
 */

import type { Participant } from "./hub.ts";

/** Options of {@linkcode createSignalingEndpoint}. */
export interface SignalingEndpointOptions {
  /**
   * The session behind the request (its cookie), or null. For a professional,
   * `?appointment=<id>` selects a call socket; without it, a dashboard socket.
   */
  authenticate: (req: Request) => Promise<Participant | null>;
  /** Origins allowed besides the request's own (e.g. behind a TLS proxy). */
  allowedOrigins: string[];
}

/** The checks of the signaling endpoint. */
export interface SignalingEndpoint {
  /** An upgrade request: the participant it opens a socket as, or the refusal to answer. */
  admit(req: Request): Promise<Participant | Response>;
  /** A request that asks for no upgrade (plain HTTP): 405 for other methods, else 426. */
  refuse(req: Request): Response;
}
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

/** Builds the checks of `GET /ws`. */
export function createSignalingEndpoint(options: SignalingEndpointOptions): SignalingEndpoint {
  const { authenticate } = options;
  const allowed = new Set(options.allowedOrigins.map((o) => new URL(o).origin));

  const refuse = (req: Request): Response => {
    if (req.method !== "GET") return plain(405, "Method Not Allowed", { allow: "GET" });
    return plain(426, "Upgrade Required: this is a WebSocket endpoint", {
      upgrade: "websocket",
      connection: "Upgrade",
    });
  };
  const admit = async (req: Request): Promise<Participant | Response> => {
    if (req.method !== "GET" || req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return refuse(req);
    }
    if (!originAllowed(req, allowed)) return plain(403, "Forbidden: foreign origin");
    const participant = await authenticate(req);
    if (!participant) return plain(401, "Unauthorized: no valid session");
    return participant;
  };
  return { admit, refuse };
}
