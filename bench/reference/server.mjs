/**
 * The reference the benchmark measures Frontdesk against: the seeds' design on Node, Express and
 * socket.io 4 (websocket transport only, compression off), relaying offer / answer / ICE between
 * the two members of an appointment's room, with the same session check as Frontdesk (HS256 JWT
 * session cookie verified with jose, same secret, same claims, Origin must be our own).
 *
 * Like the seeds it keeps appointments in memory (loaded from the bench's fixtures file) and does
 * not validate payloads. Only for measurement; never deploy it.
 *
 * Env: PORT (0 = any), HOST (loopback only), LINK_SECRET, FIXTURES (path of the fixtures JSON).
 * Across processes (what a user would pick to scale socket.io out): REDIS_URL puts the rooms on
 * `@socket.io/redis-adapter` (each broadcast published on Redis, delivered by every process to
 * its own members), and PUBLIC_ORIGIN is the origin every process accepts (the one behind the
 * proxy) instead of its own.
 * Prints one JSON line `{"msg":"listening","url":...}` once it listens (and is on Redis).
 */
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import express from "express";
import { Server } from "socket.io";
import { jwtVerify } from "jose";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";

const host = process.env.HOST ?? "127.0.0.1";
if (!host.startsWith("127.")) {
  throw new Error("the reference server listens on loopback only");
}
const secret = new TextEncoder().encode(process.env.LINK_SECRET ?? "");
const fixtures = JSON.parse(readFileSync(process.env.FIXTURES ?? "", "utf8"));

/** appointment id -> what the session check needs (the seeds' in-memory appointment list). */
const appointments = new Map(
  fixtures.appointments.map((a) => [a.id, {
    professionalId: a.professionalId,
    startsAt: a.startsAt,
    durationMin: a.durationMin,
    linkVersion: a.linkVersion,
  }]),
);

/** Frontdesk's join window: 15 minutes before the start to 60 after the end. */
function joinOpen(appt, now) {
  return now >= appt.startsAt - 15 * 60_000 &&
    now < appt.startsAt + (appt.durationMin + 60) * 60_000;
}

function readCookie(header, name) {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return part.slice(eq + 1).trim();
    }
  }
  return undefined;
}

async function verify(token, kind) {
  if (!token || token.length > 4096) return null;
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      issuer: "frontdesk",
      audience: "frontdesk",
      requiredClaims: ["exp", "iat"],
    });
    return payload.kind === kind && typeof payload.sub === "string" ? payload : null;
  } catch {
    return null;
  }
}

/** Who is connecting, from the session cookie; null refuses (the same rules as Frontdesk). */
async function authenticate(handshake) {
  const { headers, query } = handshake;
  if (query.role === "client") {
    const claims = await verify(
      readCookie(headers.cookie, "fd_client"),
      "client-session",
    );
    const appt = claims && appointments.get(claims.sub);
    if (!appt || appt.linkVersion !== claims.v || !joinOpen(appt, Date.now())) {
      return null;
    }
    return { side: "client", room: claims.sub };
  }
  const claims = await verify(
    readCookie(headers.cookie, "fd_pro"),
    "pro-session",
  );
  const appt = claims && appointments.get(String(query.appointment));
  if (!appt || appt.professionalId !== claims.sub) return null;
  return { side: "pro", room: String(query.appointment) };
}

const app = express();
app.get("/healthz", (_req, res) => res.type("text").send("ok"));
const httpServer = createServer(app);
const io = new Server(httpServer, {
  transports: ["websocket"],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
});

if (process.env.REDIS_URL) {
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

let origin = process.env.PUBLIC_ORIGIN ?? "";
io.use(async (socket, next) => {
  if (socket.handshake.headers.origin !== origin) {
    return next(new Error("forbidden origin"));
  }
  const who = await authenticate(socket.handshake);
  if (!who) return next(new Error("unauthorized"));
  socket.data.room = who.room;
  socket.data.side = who.side;
  next();
});

io.on("connection", (socket) => {
  const room = socket.data.room;
  socket.join(room);
  for (const event of ["offer", "answer", "ice"]) {
    socket.on(event, (msg) => socket.to(room).emit(event, msg));
  }
});

httpServer.listen(Number(process.env.PORT ?? 0), host, () => {
  const { port } = httpServer.address();
  const url = `http://${host}:${port}`;
  origin ||= url;
  console.log(JSON.stringify({ msg: "listening", url }));
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    io.close();
    httpServer.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}
