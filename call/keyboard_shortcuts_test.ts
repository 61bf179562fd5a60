import assert from "node:assert/strict";
import {
  bindShortcuts,
  isTypingTarget,
  type KeyLike,
  shortcutFor,
  shortcutLabel,
} from "./keyboard_shortcuts.ts";
import "./ui/english_words.ts";

const body = { tagName: "BODY" } as unknown as EventTarget;
const key = (k: Partial<KeyLike>): KeyLike => ({
  key: "d",
  ctrlKey: true,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target: body,
  ...k,
});

Deno.test("shortcutFor: Ctrl+D is the microphone, Ctrl+E the camera; ⌘ works as Ctrl", () => {
  assert.equal(shortcutFor(key({})), "toggleMic");
  assert.equal(shortcutFor(key({ key: "D" })), "toggleMic", "Caps Lock on");
  assert.equal(shortcutFor(key({ key: "e" })), "toggleCam");
  assert.equal(shortcutFor(key({ key: "e", ctrlKey: false, metaKey: true })), "toggleCam");
});

Deno.test("shortcutFor: other keys and modifiers are not shortcuts", () => {
  assert.equal(shortcutFor(key({ ctrlKey: false })), null, "a plain d");
  assert.equal(shortcutFor(key({ metaKey: true })), null, "Ctrl+⌘+D");
  assert.equal(shortcutFor(key({ shiftKey: true })), null, "Ctrl+Shift+D");
  assert.equal(shortcutFor(key({ altKey: true })), null, "Ctrl+Alt+D (AltGr on some layouts)");
  assert.equal(shortcutFor(key({ key: "f" })), null);
  assert.equal(shortcutFor(key({ repeat: true })), null, "a key held down toggles once");
});

Deno.test("shortcutFor: typing in a field is left alone", () => {
  for (const tagName of ["INPUT", "TEXTAREA", "SELECT", "input"]) {
    assert.equal(shortcutFor(key({ target: { tagName } as unknown as EventTarget })), null);
  }
  const editable = { tagName: "DIV", isContentEditable: true } as unknown as EventTarget;
  assert.equal(isTypingTarget(editable), true);
  assert.equal(isTypingTarget({ tagName: "BUTTON" } as unknown as EventTarget), false);
  assert.equal(isTypingTarget(null), false);
});

Deno.test("bindShortcuts: runs the handler and prevents the browser's own use of the key", () => {
  const target = new EventTarget();
  let mic = 0;
  const unbind = bindShortcuts(target, { toggleMic: () => mic++ });
  const press = (k: Partial<KeyLike>) => {
    const { target: where, ...fields } = key(k);
    const e = Object.assign(new Event("keydown", { cancelable: true }), fields);
    // Deno has no DOM elements to dispatch from: the event says where it happened.
    Object.defineProperty(e, "target", { value: where });
    target.dispatchEvent(e);
    return e.defaultPrevented;
  };
  assert.equal(press({}), true);
  assert.equal(mic, 1);
  assert.equal(press({ key: "e" }), false, "no camera handler: Ctrl+E stays the browser's");
  assert.equal(press({ target: { tagName: "TEXTAREA" } as unknown as EventTarget }), false);
  assert.equal(mic, 1);
  unbind();
  press({});
  assert.equal(mic, 1, "unbound");
});

Deno.test("shortcutLabel: Ctrl+D, or ⌘D on a Mac", () => {
  assert.equal(shortcutLabel("toggleMic", false), "Ctrl+D");
  assert.equal(shortcutLabel("toggleCam", true), "⌘E");
});
