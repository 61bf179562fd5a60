import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { ControlButton } from "./ControlButton.tsx";
import {
  cameraControl,
  chatControl,
  endControl,
  fullscreenControl,
  leaveControl,
  micControl,
  shareControl,
} from "./control_states.ts";
import { ICON_NAMES } from "./icons.tsx";
import "./english_words.ts";

const noop = () => {};
const html = (el: preact.JSX.Element) => renderToString(el);
/** The button's text without its hidden tooltip: what a screen reader reads as its name. */
const accessibleText = (s: string) =>
  s.replace(/<span class="ctl-tip"[^]*?<\/span><\/button>/, "</button>")
    .replace(/<span aria-hidden="true">[^<]*<\/span>/g, "")
    .replace(/<[^>]+>/g, "");

Deno.test("micControl: the name says what a press will do; pressed while muted, crossed out", () => {
  const on = html(<ControlButton {...micControl(true)} onClick={noop} />);
  assert.match(on, /aria-pressed="false"/);
  assert.equal(accessibleText(on), "Mute microphone");
  assert.match(on, /data-icon="mic"/);
  const off = html(<ControlButton {...micControl(false)} onClick={noop} />);
  assert.match(off, /aria-pressed="true"/);
  assert.equal(accessibleText(off), "Unmute microphone");
  assert.match(off, /data-icon="mic-off"/);
  assert.match(off, /class="ctl ctl-off ctl-pressed"/, "the red, pressed look");
});

Deno.test("cameraControl: Turn camera off / on, with its shortcut in the tooltip", () => {
  const on = html(<ControlButton {...cameraControl(true)} onClick={noop} />);
  assert.equal(accessibleText(on), "Turn camera off");
  assert.match(on, /aria-keyshortcuts="Control\+E Meta\+E"/);
  assert.match(on, /<span class="ctl-tip" aria-hidden="true">Turn camera off<kbd>Ctrl\+E<\/kbd>/);
  const off = html(<ControlButton {...cameraControl(false)} onClick={noop} />);
  assert.equal(accessibleText(off), "Turn camera on");
  assert.match(off, /data-icon="camera-off"/);
});

Deno.test("ControlButton: a visible label instead of a tooltip-only name", () => {
  const s = html(<ControlButton {...shareControl(false)} showLabel onClick={noop} />);
  assert.match(s, /<span class="ctl-label">Share your screen<\/span>/);
  assert.doesNotMatch(s, /sr-only">Share/);
  const hidden = html(<ControlButton {...shareControl(true)} onClick={noop} />);
  assert.match(hidden, /<span class="sr-only">Stop sharing your screen<\/span>/);
});

Deno.test("ControlButton: a panel button says aria-expanded, and its badge is read out", () => {
  const s = html(
    <ControlButton
      {...chatControl(false)}
      controls="chat-panel"
      badge={3}
      badgeLabel="unread messages"
      onClick={noop}
    />,
  );
  assert.match(s, /aria-controls="chat-panel"/);
  assert.match(s, /aria-expanded="false"/);
  assert.doesNotMatch(s, /aria-pressed/);
  assert.equal(accessibleText(s), "Open chat, 3 unread messages");
  assert.match(s, /<span aria-hidden="true">3<\/span>/);
  const many = html(<ControlButton {...chatControl(false)} badge={150} onClick={noop} />);
  assert.match(many, />99\+</);
  assert.doesNotMatch(
    html(<ControlButton {...chatControl(true)} badge={0} onClick={noop} />),
    /ctl-badge/,
  );
});

Deno.test("leave and end are actions in the danger tone, no pressed state", () => {
  for (const c of [leaveControl, endControl]) {
    const s = html(<ControlButton {...c} onClick={noop} />);
    assert.doesNotMatch(s, /aria-pressed/);
    assert.match(s, /class="ctl ctl-danger"/);
  }
  assert.equal(
    accessibleText(html(<ControlButton {...endControl} onClick={noop} />)),
    "End call for everyone",
  );
  assert.equal(fullscreenControl(true).label, "Exit full screen");
});

Deno.test("icons: every one is a decorative inline SVG", () => {
  assert.deepEqual(ICON_NAMES, [
    "mic",
    "mic-off",
    "camera",
    "camera-off",
    "screen",
    "chat",
    "people",
    "settings",
    "fullscreen",
    "fullscreen-exit",
    "leave",
    "end",
  ]);
});
