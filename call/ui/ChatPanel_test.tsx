import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { ChatAnnouncer, ChatPanel, senderOf } from "./ChatPanel.tsx";
import type { ChatEntry } from "../chat_channel.ts";
import "./english_words.ts";

const entry = (e: Partial<ChatEntry>): ChatEntry => ({
  type: "chat",
  v: 1,
  id: crypto.randomUUID(),
  sentAt: 0,
  from: "Maria",
  text: "Hello",
  peerId: "g1",
  at: Date.UTC(2026, 11, 1, 14, 2),
  ...e,
});
const roster = (id: string) => ({ g1: "Maria Ortiz · Interpreter" } as Record<string, string>)[id];
const noop = () => true;

Deno.test("senderOf: You for mine, the room's name for a peer, else what the frame claims", () => {
  assert.equal(senderOf(entry({ peerId: null }), roster), "You");
  assert.equal(senderOf(entry({ from: "The Doctor" }), roster), "Maria Ortiz · Interpreter");
  assert.equal(senderOf(entry({ peerId: "unknown", from: "Ben" }), roster), "Ben");
});

Deno.test("ChatPanel: a labelled log of messages, a labelled box, the privacy note", () => {
  const s = renderToString(
    <ChatPanel
      id="chat"
      messages={[entry({ text: "Can you see my screen?" }), entry({ peerId: null, text: "Yes" })]}
      canSend
      nameOf={roster}
      onSend={noop}
      onClose={() => {}}
    />,
  );
  assert.match(s, /<section id="chat" class="chat-panel" aria-labelledby="chat-title">/);
  assert.match(s, /<div class="chat-log" role="log" aria-label="Messages"[^>]*><ol>/);
  assert.match(
    s,
    /Maria Ortiz · Interpreter<\/span> <time[^>]*>[^<]+<\/time><p>Can you see my screen\?<\/p>/,
  );
  assert.match(s, /<li\s+class="mine"><span class="chat-from">You<\/span>/);
  assert.match(s, /<label for="chat-text">Message<\/label>/);
  assert.match(s, /maxLength="2000"|maxlength="2000"/);
  assert.match(s, /not stored, and are gone when the\s+call ends/);
  assert.match(s, /Enter sends; Shift\+Enter starts a new line\./);
});

Deno.test("ChatPanel: nobody to send to says so and keeps Send disabled", () => {
  const s = renderToString(
    <ChatPanel id="c" messages={[]} canSend={false} onSend={noop} onClose={() => {}} />,
  );
  assert.match(s, /Nobody else is in the call yet\./);
  assert.match(s, /<button type="submit" class="primary" disabled/);
});

Deno.test("ChatAnnouncer: reads others' new messages while the panel is closed, never mine", () => {
  const say = (latest: ChatEntry | undefined, panelOpen: boolean) =>
    renderToString(<ChatAnnouncer latest={latest} panelOpen={panelOpen} nameOf={roster} />)
      .replace(/<[^>]+>/g, "");
  assert.equal(say(entry({}), false), "New message from Maria Ortiz · Interpreter: Hello");
  assert.equal(say(entry({}), true), "", "the open log reads it");
  assert.equal(say(entry({ peerId: null }), false), "");
  assert.equal(say(undefined, false), "");
});
