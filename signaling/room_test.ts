import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { encode, type RelayedMessage } from "./protocol.ts";
import { nextStatus, otherSide, Room } from "./room.ts";
import { TokenBucket } from "./rate_limit.ts";

function hold(room: Room<unknown>, from: "client" | "pro", msg: RelayedMessage): boolean {
  return room.hold(from, msg, encode(msg));
}

const ice = (n: number): RelayedMessage => ({ type: "ice", candidate: { candidate: `c${n}` } });

Deno.test("Room holds messages per sender and hands them over in order", () => {
  const room = new Room("a", "p", "scheduled", { messages: 10, bytes: 1 << 20 });
  hold(room, "client", { type: "offer", sdp: "o1" });
  hold(room, "client", ice(1));
  hold(room, "pro", ice(99));
  hold(room, "client", ice(2));
  strictEqual(room.heldCount, 4);
  deepStrictEqual(room.takeFor("pro"), [
    encode({ type: "offer", sdp: "o1" }),
    encode(ice(1)),
    encode(ice(2)),
  ]);
  deepStrictEqual(room.takeFor("pro"), []);
  deepStrictEqual(room.takeFor("client"), [encode(ice(99))]);
});

Deno.test("Room: a newer offer drops the sender's older offer and candidates only", () => {
  const room = new Room("a", "p", "scheduled", { messages: 10, bytes: 1 << 20 });
  hold(room, "client", { type: "media", audio: true, video: true });
  hold(room, "client", { type: "offer", sdp: "o1" });
  hold(room, "client", ice(1));
  hold(room, "pro", ice(50));
  hold(room, "client", { type: "offer", sdp: "o2" });
  hold(room, "client", ice(2));
  hold(room, "client", { type: "media", audio: false, video: true });
  deepStrictEqual(room.takeFor("pro"), [
    encode({ type: "offer", sdp: "o2" }),
    encode(ice(2)),
    encode({ type: "media", audio: false, video: true }),
  ]);
  deepStrictEqual(room.takeFor("client"), [encode(ice(50))]);
});

Deno.test("Room refuses to hold past its capacity, and forgets a departed sender", () => {
  const room = new Room("a", "p", "scheduled", { messages: 3, bytes: 1 << 20 });
  strictEqual(hold(room, "client", ice(1)), true);
  strictEqual(hold(room, "client", ice(2)), true);
  strictEqual(hold(room, "pro", ice(3)), true);
  strictEqual(hold(room, "client", ice(4)), false);
  room.dropFrom("client");
  deepStrictEqual(room.takeFor("pro"), []);
  strictEqual(room.heldCount, 1);
  room.clear();
  strictEqual(room.heldCount, 0);
  strictEqual(room.empty, true);
  strictEqual(otherSide("client"), "pro");
});

Deno.test("nextStatus follows presence and the answer", () => {
  strictEqual(nextStatus("scheduled", true, false, false), "waiting");
  strictEqual(nextStatus("scheduled", true, true, false), "waiting");
  strictEqual(nextStatus("waiting", true, true, true), "in_call");
  strictEqual(nextStatus("in_call", true, false, true), "waiting");
  strictEqual(nextStatus("waiting", false, true, false), "scheduled");
  strictEqual(nextStatus("in_call", false, true, true), "in_call");
  strictEqual(nextStatus("scheduled", false, false, false), "scheduled");
  strictEqual(nextStatus("completed", true, true, true), "completed");
  strictEqual(nextStatus("cancelled", true, false, false), "cancelled");
});

Deno.test("Room keeps one rate limit per side for every socket of that side", () => {
  const room = new Room("a", "p", "scheduled", { messages: 3, bytes: 1 << 20 });
  const first = new TokenBucket(5, 1, 0);
  strictEqual(room.rateLimit("client", first), first);
  strictEqual(room.rateLimit("client", new TokenBucket(5, 1, 0)), first);
  const pro = new TokenBucket(5, 1, 0);
  strictEqual(room.rateLimit("pro", pro), pro);
});

Deno.test("Room counts held bytes and refuses what would pass its byte capacity", () => {
  const room = new Room("a", "p", "scheduled", { messages: 100, bytes: 100 });
  const answer = (sdp: string) => ({ type: "answer" as const, sdp });
  strictEqual(hold(room, "client", answer("é".repeat(20))), true);
  strictEqual(room.heldBytes, encode(answer("")).length + 40, "UTF-8 bytes, not characters");
  strictEqual(hold(room, "client", answer("x".repeat(60))), false);
  strictEqual(hold(room, "pro", answer("x")), true);
  room.takeFor("pro");
  strictEqual(room.heldBytes, encode(answer("x")).length);
  room.clear();
  strictEqual(room.heldBytes, 0);
});
