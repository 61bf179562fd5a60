import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { hold, keep, noHeldMessages, takeFor } from "./held_messages.ts";
import { encode, type RelayedMessage } from "./protocol.ts";

const CAPACITY = { messages: 10, bytes: 1 << 20 };
const offer = (sdp: string): RelayedMessage => ({ type: "offer", from: "x", sdp });
const ice = (n: number): RelayedMessage => ({
  type: "ice",
  from: "x",
  candidate: { candidate: `c${n}` },
});

Deno.test("held messages: each is addressed; a newer offer replaces only its own lane", () => {
  const held = noHeldMessages();
  const put = (from: string, to: string, msg: RelayedMessage) =>
    hold(held, CAPACITY, from, to, msg, encode(msg));
  put("client", "pro", offer("o1"));
  put("client", "pro", ice(1));
  put("pro", "client", offer("p1"));
  put("client", "pro", offer("o2"));
  deepStrictEqual(takeFor(held, "pro"), [encode(offer("o2"))]);
  deepStrictEqual(takeFor(held, "client"), [encode(offer("p1"))], "the other lane is untouched");
  strictEqual(held.bytes, 0);
});

Deno.test("held messages are plain data and keep their byte count", () => {
  const held = noHeldMessages();
  hold(held, CAPACITY, "client", "pro", ice(1), encode(ice(1)));
  hold(held, CAPACITY, "pro", "client", ice(2), encode(ice(2)));
  deepStrictEqual(JSON.parse(JSON.stringify(held)), held);
  keep(held, (h) => h.from !== "client");
  strictEqual(held.list.length, 1);
  strictEqual(held.bytes, encode(ice(2)).length);
});

Deno.test("held messages: lanes between guests are their own", () => {
  const held = noHeldMessages();
  hold(held, CAPACITY, "guest:a", "pro", offer("a1"), encode(offer("a1")));
  hold(held, CAPACITY, "guest:b", "pro", offer("b1"), encode(offer("b1")));
  hold(held, CAPACITY, "guest:a", "pro", offer("a2"), encode(offer("a2")));
  deepStrictEqual(takeFor(held, "pro"), [encode(offer("b1")), encode(offer("a2"))]);
});
