import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { signal } from "@preact/signals";
import { CallController } from "../call_controller.ts";
import { ControlBar, type StagePanel } from "./ControlBar.tsx";
import "./english_words.ts";

const noFullscreen = { supported: false, active: false, toggle() {} };

function bar(role: "pro" | "client", set: (c: CallController) => void = () => {}, opts: {
  panel?: StagePanel;
  unread?: number;
} = {}) {
  const call = new CallController({ role, wsUrl: "ws://127.0.0.1/ws", rtcConfig: {} });
  set(call);
  return renderToString(
    <ControlBar
      call={call}
      role={role}
      panel={opts.panel ?? null}
      onPanel={() => {}}
      fullscreen={noFullscreen}
      unread={signal(opts.unread ?? 0)}
    />,
  );
}

/** The button with `testId`, as rendered. */
const button = (html: string, testId: string) =>
  html.match(new RegExp(`<button[^>]*data-testid="${testId}"[^>]*>.*?</button>`))?.[0] ?? "";

Deno.test("ControlBar: every side has mic, camera, chat, participants, settings and Leave", () => {
  const html = bar("client");
  for (const id of ["toggle-mic", "toggle-cam", "chat", "participants", "settings", "leave"]) {
    assert.ok(button(html, id), id);
  }
  assert.equal(button(html, "end-for-everyone"), "", "only the professional ends it for all");
  assert.ok(button(bar("pro"), "end-for-everyone"));
  assert.equal(button(html, "fullscreen"), "", "no full-screen button where there is none");
});

Deno.test("ControlBar: a muted microphone says what a press does, pressed, with its shortcut", () => {
  const on = button(bar("client"), "toggle-mic");
  assert.match(on, /aria-pressed="false"/);
  assert.match(on, />Mute microphone</);
  const off = button(bar("client", (c) => c.media.micOn.value = false), "toggle-mic");
  assert.match(off, /aria-pressed="true"/);
  assert.match(off, /ctl-pressed/);
  assert.match(off, />Unmute microphone</);
  assert.match(off, /data-icon="mic-off"/);
  assert.match(off, /<kbd>Ctrl\+D<\/kbd>/);
});

Deno.test("ControlBar: panels are disclosures; unread chat is a badge", () => {
  const html = bar("client", () => {}, { panel: "settings", unread: 3 });
  assert.match(button(html, "settings"), /aria-expanded="true"/);
  assert.match(button(html, "settings"), /aria-controls="call-settings"/);
  const chat = button(html, "chat");
  assert.match(chat, /aria-expanded="false"/);
  assert.match(chat, /, 3 unread messages/);
});
