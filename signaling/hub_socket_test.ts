import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { type Participant, Socket, type SocketOwner } from "./hub_socket.ts";
import { Room } from "./room.ts";
import { RecordingConnection } from "./testing/recording_connection.ts";

const LIMITS = { burst: 10, perSecond: 1 };
/** The socket's owner is the hub; these tests only move the socket, which never calls it. */
const unused: SocketOwner = {
  receive: () => {
    throw new Error("not called");
  },
  reject: () => {
    throw new Error("not called");
  },
  leave: () => {
    throw new Error("not called");
  },
};
const standby: Participant = {
  role: "pro",
  professionalId: "p",
  appointmentId: "a",
  standby: true,
  expiresAt: 1e15,
};

Deno.test("Socket: a standby socket joins, queues meanwhile, and is seated", () => {
  const s = new Socket(unused, new RecordingConnection(), standby, 0, LIMITS);
  strictEqual(s.state.kind, "admitting");
  strictEqual(s.opensOnStandby, true);
  strictEqual(s.startJoining(), false, "not standing by yet");
  s.toStandby();
  strictEqual(s.queue({ type: "ping" }), false, "nothing is queued before join");
  strictEqual(s.startJoining(), true);
  strictEqual(s.startJoining(), false, "a second join is refused");
  strictEqual(s.queue({ type: "media", audio: true, video: false }), true);
  deepStrictEqual(s.queued, [{ type: "media", audio: true, video: false }]);
  const room = new Room<Socket>("a", "p", "waiting", { messages: 8, bytes: 1024 });
  s.seatIn(room);
  strictEqual(s.room, room);
  deepStrictEqual(s.queued, []);
  strictEqual(s.participantId, "pro");
});

Deno.test("Socket: a closed socket stays closed, sends nothing, and makes no other move", () => {
  const conn = new RecordingConnection();
  const s = new Socket(unused, conn, { ...standby, standby: false }, 0, LIMITS);
  strictEqual(s.opensOnStandby, false);
  s.toDashboard();
  s.send({ type: "pong" });
  strictEqual(s.markClosed(), true);
  strictEqual(s.markClosed(), false, "already closed");
  strictEqual(s.open, false);
  s.send({ type: "pong" });
  strictEqual(conn.frames.length, 1);
  throws(() => s.toStandby(), /cannot go from closed to standby/);
  const dashboard = new Socket(unused, conn, { ...standby, appointmentId: null }, 0, LIMITS);
  dashboard.toDashboard();
  const room = new Room<Socket>("a", "p", "waiting", { messages: 8, bytes: 1024 });
  throws(() => dashboard.seatIn(room), /cannot go from dashboard to seated/);
});
