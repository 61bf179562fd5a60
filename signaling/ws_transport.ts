/**
 * Signaling sockets on the `ws` library: upgrades a request the endpoint admits
 * (`endpoint.ts`) and wires the socket to a hub session (`hub_socket.ts`).
 *
 * Two things it guarantees, which Deno's built-in WebSocket cannot:
 * - No socket buffers more than {@linkcode MAX_MESSAGE_BYTES} of one message: `maxPayload` counts
 *   fragments as they arrive, so a message sent as endless continuation frames is refused
 *   (1009) at the first byte over the limit.
 * - Close codes reach a peer that is still sending: after its Close frame the server keeps
 *   reading and discarding until the peer's Close frame (RFC 6455 §7.1.1), for at most
 *   {@linkcode CLOSE_HANDSHAKE_TIMEOUT_MS} and {@linkcode MAX_DISCARD_BYTES}, instead of dropping
 *   the connection under the peer's writes (which resets it: the peer sees 1006 and reconnects).
 *
 * @example
 * ```ts
 * const upgrade = createWsTransport({ hub, endpoint });
 * await serveNode({ ..., upgrade: { path: "/ws", handle: upgrade } });
 * ```
 */
import type { Duplex } from "node:stream";
import { type ServerOptions, WebSocket, WebSocketServer } from "ws";
import type { Connection, HubSession, Participant } from "./hub.ts";
import type { SignalingHub } from "./hub_api.ts";
import type { SignalingEndpoint } from "./endpoint.ts";
import { CloseCode, CloseReason, MAX_MESSAGE_BYTES, protocolVersionOf } from "./protocol.ts";
import type { RawUpgrade } from "../utils/node_server.ts";

/** How long a closing socket waits for the peer's Close frame before it is dropped. */
export const CLOSE_HANDSHAKE_TIMEOUT_MS = 3_000;

/**
 * What a closing socket reads (and discards) at most while it waits for the peer's Close frame.
 * A peer that sends more is not listening; it is dropped, so the close costs neither memory nor
 * time without bound.
 */
export const MAX_DISCARD_BYTES = 4 * 1024 * 1024;

/** Frames accepted before the hub has admitted the socket; more is a flood. */
const MAX_EARLY_FRAMES = 64;

/**
 * Reasons for the closes `ws` makes on its own when a frame breaks the framing rules; it sends
 * them with no reason, and the peer should read why.
 */
const FRAMING_REASONS: Record<number, string> = {
  1002: "protocol error",
  1007: "invalid UTF-8",
  1008: "too many fragments",
  [CloseCode.TOO_BIG]: CloseReason.TOO_BIG,
};

/** `ws`'s error codes for a message over `maxPayload`. */
const TOO_BIG_ERRORS = new Set([
  "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH",
  "WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH",
]);

/** A `ws` socket whose own closes (a frame over the limit, bad UTF-8…) carry a reason. */
class SignalingSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    super.close(code, reason ?? (code === undefined ? undefined : FRAMING_REASONS[code]));
  }
}

/** Options of {@linkcode createWsTransport}. */
export interface WsTransportOptions {
  hub: SignalingHub;
  endpoint: SignalingEndpoint;
}

/**
 * Builds the upgrade handler: a refusal `Response` for the server to write, or null once the
 * socket is upgraded and handed to the hub.
 */
export function createWsTransport(
  options: WsTransportOptions,
): (req: Request, raw: RawUpgrade) => Promise<Response | null> {
  const { hub, endpoint } = options;
  // `closeTimeout` (ws 8.19 and later) is not in @types/ws 8.18 yet.
  const serverOptions: ServerOptions<typeof SignalingSocket> & { closeTimeout: number } = {
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // SDP compresses well but is small; compression costs memory and CPU per socket and is a
    // known attack surface.
    perMessageDeflate: false,
    // The hub tracks its sockets.
    clientTracking: false,
    closeTimeout: CLOSE_HANDSHAKE_TIMEOUT_MS,
    WebSocket: SignalingSocket,
  };
  const wss = new WebSocketServer(serverOptions);

  return async (req, raw) => {
    const verdict = await endpoint.admit(req);
    if (verdict instanceof Response) return verdict;
    // An invalid Sec-WebSocket-Key or -Version is answered 400 by `ws` itself.
    wss.handleUpgrade(raw.incoming, raw.socket, raw.head, (ws) => {
      attach(hub, ws, verdict, protocolVersionOf(req.url), raw.socket);
    });
    return null;
  };
}

/** Wires socket events to a hub session, queueing frames until it is admitted. */
function attach(
  hub: SignalingHub,
  ws: WebSocket,
  participant: Participant,
  version: number | null,
  socket: Duplex,
): void {
  let discarding = false;
  /** From our Close frame on, counts what the peer still sends; past the budget, drops it. */
  const discardAtMost = () => {
    if (discarding) return;
    discarding = true;
    let left = MAX_DISCARD_BYTES;
    socket.on("data", (chunk: Buffer) => {
      left -= chunk.length;
      if (left < 0) ws.terminate();
    });
  };
  const conn: Connection = {
    send(text) {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close(code, reason) {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.close(code, reason);
      discardAtMost();
    },
  };
  let session: HubSession | null = null;
  let gone = false;
  /** What arrived while the hub was still admitting the socket, in order. */
  const early: ((s: HubSession) => void)[] = [];
  const arrive = (hand: (s: HubSession) => void) => {
    if (session) return hand(session);
    if (early.length >= MAX_EARLY_FRAMES) {
      return conn.close(CloseCode.POLICY, CloseReason.RATE_LIMIT);
    }
    early.push(hand);
  };

  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary) return arrive((s) => s.receiveBinary());
    const text = data.toString();
    if (session) session.receive(text);
    else arrive((s) => s.receive(text));
  });
  ws.on("error", (err: Error & { code?: string }) => {
    // A frame broke the framing rules: `ws` has sent its Close frame and discards what follows.
    discardAtMost();
    if (err.code !== undefined && TOO_BIG_ERRORS.has(err.code)) arrive((s) => s.receiveTooBig());
  });
  ws.on("close", () => {
    gone = true;
    session?.closed();
  });

  hub.connect(conn, participant, version).then((admitted) => {
    session = admitted;
    for (const hand of early.splice(0)) hand(admitted);
    if (gone) admitted.closed();
  }, () => conn.close(CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL));
}
