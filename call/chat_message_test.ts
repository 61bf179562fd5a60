import assert from "node:assert/strict";
import {
  encodeChatMessage,
  MAX_CHAT_TEXT,
  newChatMessage,
  parseChatFrame,
} from "./chat_message.ts";
import "./ui/english_words.ts";

const valid = {
  type: "chat",
  v: 1,
  id: "5b0c6c1e-8f7a-4d35-9d7e-1f2a3b4c5d6e",
  sentAt: 1_733_000_000_000,
  from: "Ada Lovelace",
  text: "Can you see my screen?",
};
const frame = (over: Record<string, unknown>) => JSON.stringify({ ...valid, ...over });

Deno.test("newChatMessage: trims, stamps an id and the time; refuses empty and too long", () => {
  const msg = newChatMessage("  Running five minutes late \n", "Ada", 1_000.7)!;
  assert.equal(msg.text, "Running five minutes late");
  assert.equal(msg.sentAt, 1_000);
  assert.equal(msg.from, "Ada");
  assert.match(msg.id, /^[0-9a-f-]{36}$/);
  assert.notEqual(newChatMessage("x", "Ada")!.id, newChatMessage("x", "Ada")!.id);
  assert.equal(newChatMessage("   ", "Ada"), null);
  assert.ok(newChatMessage("a".repeat(MAX_CHAT_TEXT), "Ada"));
  assert.equal(newChatMessage("a".repeat(MAX_CHAT_TEXT + 1), "Ada"), null);
});

Deno.test("parseChatFrame: a message round-trips, even 2,000 characters of quotes", () => {
  const msg = newChatMessage('"'.repeat(MAX_CHAT_TEXT), "Ada")!;
  assert.deepEqual(parseChatFrame(encodeChatMessage(msg)), msg);
  assert.deepEqual(parseChatFrame(JSON.stringify(valid)), valid);
});

Deno.test("parseChatFrame: refuses what is not a chat message", () => {
  const bad: unknown[] = [
    new ArrayBuffer(8),
    "not json",
    "null",
    "[]",
    frame({ type: "offer" }),
    frame({ v: 2 }),
    frame({ id: "" }),
    frame({ id: "x".repeat(65) }),
    frame({ sentAt: "yesterday" }),
    frame({ sentAt: -1 }),
    frame({ from: "" }),
    frame({ from: "x".repeat(101) }),
    frame({ text: "" }),
    frame({ text: "   " }),
    frame({ text: "a".repeat(MAX_CHAT_TEXT + 1) }),
    frame({ text: 42 }),
    frame({ html: "<img src=x onerror=alert(1)>" }),
    JSON.stringify({ ...valid, text: "a".repeat(20_000) }),
  ];
  for (const data of bad) assert.equal(parseChatFrame(data), null, String(data).slice(0, 80));
});
