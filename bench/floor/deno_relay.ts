/**
 * The runtime floor for signaling: the least a Deno server can do for the bench's load — accept
 * `Deno.upgradeWebSocket` sockets, say welcome, relay each text frame verbatim to the other member
 * of its appointment. No session check (the client's appointment is read from its cookie's JWT
 * payload, unverified), no validation, no limits, no storage. It shows what one held socket and
 * one relay cost in Deno itself, so Frontdesk's own share can be told apart. Only for measuring;
 * never deploy it.
 *
 * Env: PORT (0 = any), HOSTNAME (loopback only). Prints `{"msg":"listening","url":...}`.
 */
const hostname = Deno.env.get("HOSTNAME") ?? "127.0.0.1";
if (!hostname.startsWith("127.")) {
  throw new Error("the floor server listens on loopback only");
}

/** appointment id → its two sockets. */
const rooms = new Map<string, { client?: WebSocket; pro?: WebSocket }>();
const WELCOME = '{"type":"welcome"}';

/** The `sub` claim of the session cookie's JWT (the appointment of a client session). */
function appointmentOfClient(req: Request): string | null {
  const token = req.headers.get("cookie")?.match(/fd_client=([^;]+)/)?.[1];
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(json).sub ?? null;
  } catch {
    return null;
  }
}

function handle(req: Request): Response {
  const url = new URL(req.url);
  if (url.pathname !== "/ws") return new Response("not found", { status: 404 });
  const side = url.searchParams.get("role") === "client" ? "client" : "pro";
  const id = side === "client" ? appointmentOfClient(req) : url.searchParams.get("appointment");
  if (!id) return new Response("no appointment", { status: 401 });
  const { socket, response } = Deno.upgradeWebSocket(req);
  let room = rooms.get(id);
  if (!room) rooms.set(id, room = {});
  room[side] = socket;
  const other = side === "client" ? "pro" : "client";
  socket.onopen = () => socket.send(WELCOME);
  socket.onmessage = (e) => {
    const peer = room[other];
    if (peer?.readyState === WebSocket.OPEN && typeof e.data === "string") {
      peer.send(e.data);
    }
  };
  socket.onclose = () => {
    if (room[side] === socket) delete room[side];
    if (!room.client && !room.pro) rooms.delete(id);
  };
  return response;
}

Deno.serve({
  hostname,
  port: Number(Deno.env.get("PORT") ?? "0"),
  onListen: ({ port }) => {
    console.log(
      JSON.stringify({ msg: "listening", url: `http://${hostname}:${port}` }),
    );
  },
}, handle);
