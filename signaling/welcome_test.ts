import assert from "node:assert/strict";
import type { Appointment } from "../domain/store.ts";
import { Room } from "./room.ts";
import { welcomeToRoom } from "./welcome.ts";

const appointment: Appointment = {
  id: "a1",
  professionalId: "p1",
  kind: "scheduled",
  clientName: "Test Client",
  startsAt: 1_000,
  durationMin: 30,
  status: "waiting",
  linkVersion: 1,
  shareVersion: 1,
  clientEmail: null,
  calendarSequence: 0,
  reminderSentAt: null,
  cancelReason: "",
  clientLocale: "en",
  createdAt: 0,
  updatedAt: 0,
};

Deno.test("welcomeToRoom: the professional learns the client's name; the client does not", () => {
  const room = new Room<string>("a1", "p1", "waiting", { messages: 8, bytes: 1 << 20 });
  const pro = welcomeToRoom("pro", "pro", appointment, room);
  assert.equal(pro.appointment?.clientName, "Test Client");
  const client = welcomeToRoom("client", "client", appointment, room, "Dr. Who");
  assert.equal(client.appointment?.clientName, undefined);
  assert.equal(client.appointment?.professionalName, "Dr. Who");
  assert.deepStrictEqual(client.participants, []);
  assert.equal(client.id, "client");
});

Deno.test("welcomeToRoom: the roster with presence and last media state", () => {
  const room = new Room<string>("a1", "p1", "in_call", { messages: 8, bytes: 1 << 20 });
  room.seat("client", "client", "Test Client", "socket");
  room.setMedia("client", { audio: false, video: true });
  room.seat("pro", "pro", "Dr. Who", "socket");
  const w = welcomeToRoom("pro", "pro", appointment, room);
  assert.equal(w.appointment?.status, "in_call");
  assert.equal(w.id, "pro");
  assert.deepStrictEqual(w.participants, [
    {
      id: "client",
      role: "client",
      name: "Test Client",
      presence: "present",
      media: { audio: false, video: true },
    },
    { id: "pro", role: "pro", name: "Dr. Who", presence: "present" },
  ]);
});
