import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { encode, type RelayedMessage } from "./protocol.ts";
import { Room } from "./room.ts";
import type { ParticipantId } from "./room_state.ts";
import { TokenBucket } from "./rate_limit.ts";

const CAPACITY = { messages: 10, bytes: 1 << 20 };

/** Holds `msg` from `from` for the other party of a call of two, as the hub does while it is away. */
function hold(room: Room<unknown>, from: ParticipantId, msg: RelayedMessage): boolean {
  return room.hold(from, from === "client" ? "pro" : "client", msg, encode(msg));
}

const ice = (n: number): RelayedMessage => ({
  type: "ice",
  from: "x",
  candidate: { candidate: `c${n}` },
});

Deno.test("Room holds messages per sender and hands them over in order", () => {
  const room = new Room("a", "p", "scheduled", CAPACITY);
  hold(room, "client", { type: "offer", from: "x", sdp: "o1" });
  hold(room, "client", ice(1));
  hold(room, "pro", ice(99));
  hold(room, "client", ice(2));
  strictEqual(room.heldCount, 4);
  deepStrictEqual(room.takeFor("pro"), [
    encode({ type: "offer", from: "x", sdp: "o1" }),
    encode(ice(1)),
    encode(ice(2)),
  ]);
  deepStrictEqual(room.takeFor("pro"), []);
  deepStrictEqual(room.takeFor("client"), [encode(ice(99))]);
});

Deno.test("Room: a newer offer drops the sender's older offer and candidates only", () => {
  const room = new Room("a", "p", "scheduled", CAPACITY);
  hold(room, "client", { type: "offer", from: "x", sdp: "o1" });
  hold(room, "client", ice(1));
  hold(room, "pro", ice(50));
  hold(room, "client", { type: "offer", from: "x", sdp: "o2" });
  hold(room, "client", ice(2));
  deepStrictEqual(room.takeFor("pro"), [
    encode({ type: "offer", from: "x", sdp: "o2" }),
    encode(ice(2)),
  ]);
  deepStrictEqual(room.takeFor("client"), [encode(ice(50))]);
});

Deno.test("Room refuses to hold past its capacity, and forgets a departed sender", () => {
  const room = new Room("a", "p", "scheduled", { messages: 3, bytes: 1 << 20 });
  room.seat("client", "client", "client name", "socket");
  strictEqual(hold(room, "client", ice(1)), true);
  strictEqual(hold(room, "client", ice(2)), true);
  strictEqual(hold(room, "pro", ice(3)), true);
  strictEqual(hold(room, "client", ice(4)), false);
  room.vacate("client");
  deepStrictEqual(room.takeFor("pro"), []);
  strictEqual(room.heldCount, 0, "what was held for the client went with its seat too");
  strictEqual(room.empty, true);
  deepStrictEqual(room.othersOf("client"), [], "nobody has a seat");
});

Deno.test("Room keeps one rate limit per seat for every socket of that seat", () => {
  const room = new Room("a", "p", "scheduled", { messages: 3, bytes: 1 << 20 });
  const first = new TokenBucket(5, 1, 0);
  strictEqual(room.rateLimit("client", first), first);
  strictEqual(room.rateLimit("client", new TokenBucket(5, 1, 0)), first);
  const pro = new TokenBucket(5, 1, 0);
  strictEqual(room.rateLimit("pro", pro), pro);
});

Deno.test("Room counts held bytes and refuses what would pass its byte capacity", () => {
  const room = new Room("a", "p", "scheduled", { messages: 100, bytes: 120 });
  const answer = (sdp: string) => ({ type: "answer" as const, from: "x", sdp });
  strictEqual(hold(room, "client", answer("é".repeat(20))), true);
  strictEqual(room.heldBytes, encode(answer("")).length + 40, "UTF-8 bytes, not characters");
  strictEqual(hold(room, "client", answer("x".repeat(60))), false);
  strictEqual(hold(room, "pro", answer("x")), true);
  room.takeFor("pro");
  strictEqual(room.heldBytes, encode(answer("x")).length);
  room.takeFor("client");
  strictEqual(room.heldBytes, 0);
});

Deno.test("Room: a seat is new, resumed after a drop, or taken over by a newer socket", () => {
  const room = new Room<string>("a", "p", "scheduled", CAPACITY);
  deepStrictEqual(room.seat("client", "client", "client name", "tab 1"), { kind: "new" });
  room.setMedia("client", { audio: true, video: false });
  hold(room, "client", ice(1));
  strictEqual(room.isPresent("client"), true);

  const timer = setTimeout(() => {}, 60_000);
  room.keepSeat("client", timer);
  strictEqual(room.isPresent("client"), false, "a kept seat is not present");
  strictEqual(room.socketOf("client"), undefined);
  deepStrictEqual(room.keptSeats(), ["client"]);
  deepStrictEqual(room.mediaOf("client"), { audio: true, video: false }, "kept with the seat");
  strictEqual(room.empty, false);

  deepStrictEqual(room.seat("client", "client", "client name", "tab 1 reloaded"), {
    kind: "resumed",
  });
  deepStrictEqual(room.keptSeats(), []);
  strictEqual(room.heldCount, 1, "a resumed seat keeps what it sent");
  deepStrictEqual(room.mediaOf("client"), { audio: true, video: false });

  deepStrictEqual(room.seat("client", "client", "client name", "tab 2"), {
    kind: "replaced",
    previous: "tab 1 reloaded",
  });
  strictEqual(room.holds("client", "tab 2"), true);
  strictEqual(room.holds("client", "tab 1 reloaded"), false);
  strictEqual(room.mediaOf("client"), undefined, "the older tab's media is forgotten");
  strictEqual(room.heldCount, 0, "and its dead negotiation");
});

Deno.test("Room: vacating a seat forgets it and the client's waiting offer", () => {
  const room = new Room<string>("a", "p", "scheduled", CAPACITY);
  room.seat("client", "client", "client name", "c");
  room.seat("pro", "pro", "pro name", "p");
  room.noteOffer("pro", "client");
  strictEqual(room.offerWaiting, false, "only the client's offer waits for the professional");
  room.noteOffer("client", "guest:g");
  strictEqual(room.offerWaiting, false, "not one to a guest");
  room.noteOffer("client", "pro");
  strictEqual(room.offerWaiting, true);
  deepStrictEqual(room.vacate("client"), {
    role: "client",
    name: "client name",
    presence: "present",
  });
  strictEqual(room.offerWaiting, false);
  strictEqual(room.vacate("client"), undefined, "already gone");
  strictEqual(room.empty, false);
  room.vacate("pro");
  strictEqual(room.empty, true);
});

Deno.test("Room: a seat given up takes what was held for it along (a stale negotiation)", () => {
  const room = new Room<string>("a", "p", "scheduled", CAPACITY);
  room.seat("client", "client", "client name", "c");
  room.seat("pro", "pro", "pro name", "p");
  room.keepSeat("client", setTimeout(() => {}, 60_000));
  // The professional's connection restarts ICE toward the client that dropped.
  hold(room, "pro", { type: "offer", from: "x", sdp: "restart" });
  hold(room, "pro", ice(1));
  room.vacate("client");
  strictEqual(room.heldCount, 0, "nothing for a connection that is gone");
  room.vacate("pro");
  // The client's fresh offer waits for a professional who has gone: kept for when they return.
  room.seat("client", "client", "client name", "c2");
  hold(room, "client", { type: "offer", from: "x", sdp: "fresh" });
  deepStrictEqual(room.takeFor("pro"), [encode({ type: "offer", from: "x", sdp: "fresh" })]);
});

Deno.test("Room derives the status from presence and the answer; a seat given up starts over", () => {
  const room = new Room<string>("a", "p", "scheduled", CAPACITY);
  room.seat("client", "client", "client name", "c");
  strictEqual(room.statusFromPresence(), "waiting");
  strictEqual(room.setStatus("waiting"), true);
  strictEqual(room.setStatus("waiting"), false, "no change");
  room.seat("pro", "pro", "pro name", "p");
  strictEqual(room.statusFromPresence(), "waiting", "not before an answer");
  strictEqual(room.noteAnswer("guest:g", "client"), false, "a guest's answer is not the call's");
  strictEqual(room.statusFromPresence(), "waiting");
  strictEqual(room.noteAnswer("pro", "client"), true);
  strictEqual(room.statusFromPresence(), "in_call");
  room.setStatus("in_call");
  room.keepSeat("pro", setTimeout(() => {}, 60_000));
  strictEqual(room.statusFromPresence(), "in_call", "a seat in its grace period counts as in");
  room.seat("pro", "pro", "pro name", "p");
  room.keepSeat("client", setTimeout(() => {}, 60_000));
  strictEqual(room.statusFromPresence(), "in_call", "the client dropped: interrupted, not over");
  strictEqual(room.callHappened, true);
  room.vacate("client");
  strictEqual(room.statusFromPresence(), "scheduled", "the client's grace ran out");
  room.seat("client", "client", "client name", "c");
  room.setStatus("waiting");
  strictEqual(room.statusFromPresence(), "waiting", "back: waiting until the new answer");
  room.seat("guest:g", "guest", "Gina", "g");
  room.noteAnswer("client", "pro");
  room.vacate("guest:g");
  strictEqual(room.statusFromPresence(), "in_call", "a guest leaving does not stop the call");
  strictEqual(room.statusFromPresence(), "in_call");
  room.vacate("pro");
  room.vacate("client");
  strictEqual(room.statusFromPresence(), "scheduled", "everyone left: not stuck in_call");
  strictEqual(room.callHappened, true, "the room remembers that they met");
  room.stopTimers();
});

Deno.test("Room: opened on an appointment stored in_call (a restart), it stays in_call", () => {
  const room = new Room<string>("a", "p", "in_call", CAPACITY);
  room.seat("client", "client", "client name", "c");
  strictEqual(room.statusFromPresence(), "waiting", "the professional is not back yet");
  room.seat("pro", "pro", "pro name", "p");
  strictEqual(room.statusFromPresence(), "in_call", "no new answer needed: the call outlived us");
  strictEqual(room.callHappened, false, "not seen by this room");
});

Deno.test("Room's shared state is plain data: no socket or timer, survives JSON", () => {
  const room = new Room<{ socket: true }>("a", "p", "scheduled", CAPACITY);
  room.seat("client", "client", "client name", { socket: true });
  room.seat("pro", "pro", "pro name", { socket: true });
  room.setMedia("client", { audio: true, video: true });
  room.noteOffer("client", "pro");
  room.keepSeat("pro", setTimeout(() => {}, 60_000));
  hold(room, "client", ice(1));
  const state = room.snapshot();
  deepStrictEqual(JSON.parse(JSON.stringify(state)), state);
  deepStrictEqual(state, {
    appointmentId: "a",
    professionalId: "p",
    status: "scheduled",
    seats: {
      client: {
        role: "client",
        name: "client name",
        presence: "present",
        media: { audio: true, video: true },
      },
      pro: { role: "pro", name: "pro name", presence: "away" },
    },
    answered: false,
    callHappened: false,
    offerWaiting: true,
    professionalCame: true,
    held: {
      list: [{
        from: "client",
        to: "pro",
        type: "ice",
        text: encode(ice(1)),
        bytes: encode(ice(1)).length,
      }],
      bytes: encode(ice(1)).length,
    },
  });
  room.stopTimers();
});

Deno.test("Room: the roster lists every seat in arrival order, with presence and media", () => {
  const room = new Room<string>("a", "p", "scheduled", CAPACITY);
  room.seat("pro", "pro", "Dr. Ada", "p");
  room.seat("client", "client", "Grace", "c");
  room.seat("guest:g1", "guest", "Maria", "g");
  room.setMedia("guest:g1", { audio: false, video: true });
  room.keepSeat("client", setTimeout(() => {}, 60_000));
  deepStrictEqual(room.roster(), [
    { id: "pro", role: "pro", name: "Dr. Ada", presence: "present" },
    { id: "client", role: "client", name: "Grace", presence: "away" },
    {
      id: "guest:g1",
      role: "guest",
      name: "Maria",
      presence: "present",
      media: { audio: false, video: true },
    },
  ]);
  deepStrictEqual(room.othersOf("client"), ["pro", "guest:g1"]);
  strictEqual(room.seatCount, 3);
  strictEqual(room.knows("guest:g1"), true);
  strictEqual(room.knows("guest:nobody"), false);
  strictEqual(room.knows("pro"), true);
  room.stopTimers();
});

Deno.test("Room: the professional has come once seated, or when the room reopens a call in progress", () => {
  const fresh = new Room<{ socket: true }>("a", "p", "waiting", CAPACITY);
  fresh.seat("client", "client", "c", { socket: true });
  strictEqual(fresh.professionalCame, false);
  fresh.seat("pro", "pro", "p", { socket: true });
  fresh.vacate("pro");
  strictEqual(fresh.professionalCame, true, "and stays so while the room is open");
  const restarted = new Room<{ socket: true }>("b", "p", "in_call", CAPACITY);
  strictEqual(restarted.professionalCame, true);
});

Deno.test("Room: the roster carries a guest's role words, and nothing extra for others", () => {
  const room = new Room("a", "p", "scheduled", CAPACITY);
  room.seat("client", "client", "Ada", "c");
  room.seat("guest:m", "guest", "Maria", "m", "interpreter");
  deepStrictEqual(room.roster(), [
    { id: "client", role: "client", name: "Ada", presence: "present" },
    { id: "guest:m", role: "guest", name: "Maria", label: "interpreter", presence: "present" },
  ]);
});

Deno.test("Room: the screen a seat shares is in its media and the roster until it stops", () => {
  const room = new Room<string>("a", "p", "scheduled", CAPACITY);
  room.seat("pro", "pro", "Ada", "tab");
  room.setMedia("pro", { audio: true, video: true, screen: "s1" });
  deepStrictEqual(room.roster()[0].media, { audio: true, video: true, screen: "s1" });
  room.setMedia("pro", { audio: false, video: true });
  deepStrictEqual(room.roster()[0].media, { audio: false, video: true }, "stopped sharing");
});

Deno.test("Room remembers since when it has been waiting, and forgets it once it stops", () => {
  const room = new Room("a", "p", "scheduled", CAPACITY);
  strictEqual(room.waitingSince(1_000), undefined);
  room.setStatus("waiting");
  strictEqual(room.waitingSince(2_000), 2_000);
  strictEqual(room.waitingSince(9_000), 2_000, "kept while still waiting");
  room.setStatus("in_call");
  strictEqual(room.waitingSince(10_000), undefined);
  room.setStatus("waiting");
  strictEqual(room.waitingSince(11_000), 11_000, "a new wait starts afresh");
  strictEqual(new Room("b", "p", "waiting", CAPACITY).waitingSince(5), 5, "opened waiting");
});

Deno.test("Room: between a client and a guest nothing may pass, or be taken, before the professional came", () => {
  const room = new Room<string>("a", "p", "scheduled", CAPACITY);
  const offer: RelayedMessage = { type: "offer", from: "client", sdp: "o" };
  room.seat("client", "client", "Client", "c-socket");
  room.seat("guest:1", "guest", "Maria", "g-socket");
  strictEqual(room.mayDeliver("client", "guest:1"), false);
  strictEqual(
    room.mayDeliver("guest:1", "pro"),
    true,
    "to the professional it waits only for them",
  );
  room.hold("client", "guest:1", offer, encode(offer));
  // The guest's socket reconnecting before the professional came gets nothing of it.
  room.seat("guest:1", "guest", "Maria", "g-socket-2");
  deepStrictEqual(room.takeFor("guest:1"), []);
  strictEqual(room.heldCount, 1, "still held");
  room.seat("pro", "pro", "Dr P", "p-socket");
  strictEqual(room.mayDeliver("client", "guest:1"), true);
  deepStrictEqual(room.takeFor("guest:1"), [encode(offer)]);
});
