import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { type Participant, Socket, type SocketOwner } from "./hub_socket.ts";
import { SocketRegistry } from "./socket_registry.ts";
import { RecordingConnection } from "./testing/recording_connection.ts";

const owner: SocketOwner = { receive() {}, reject() {}, leave() {} };
const client = (expiresAt: number): Participant => ({
  role: "client",
  appointmentId: "a",
  professionalId: "p",
  linkVersion: 1,
  expiresAt,
});
const socket = (p: Participant) =>
  new Socket(owner, new RecordingConnection(), p, Date.now(), { burst: 5, perSecond: 1 });

Deno.test("SocketRegistry counts a session's sockets from arrival and forgets them", () => {
  let sweeps = 0;
  const registry = new SocketRegistry({
    now: Date.now,
    sweepEveryMs: 60_000,
    sweep: () => sweeps++,
    expired: () => {},
  });
  const early = socket(client(Date.now() + 60_000));
  const admitted = socket(client(Date.now() + 60_000));
  registry.arrive(early);
  registry.arrive(admitted);
  registry.admit(admitted);
  strictEqual(registry.countOfSession(early.participant), 2, "arrived sockets count too");
  strictEqual(registry.size, 1);
  deepStrictEqual(registry.ofAppointment("a"), [early, admitted]);
  registry.remove(early);
  registry.remove(admitted);
  strictEqual(registry.countOfSession(early.participant), 0);
  deepStrictEqual(registry.ofAppointment("a"), []);
  // The sweep interval and the expiry timer are gone: the test's timer sanitizer checks it.
  strictEqual(sweeps, 0);
});

Deno.test("SocketRegistry's expiry timer reports a socket whose session ended", async () => {
  const { promise, resolve } = Promise.withResolvers<Socket>();
  const registry = new SocketRegistry({
    now: Date.now,
    sweepEveryMs: 0,
    sweep: () => {},
    expired: resolve,
  });
  const s = socket(client(Date.now() + 10));
  registry.arrive(s);
  registry.admit(s);
  strictEqual(await promise, s);
  registry.remove(s);
});
