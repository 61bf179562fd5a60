import assert from "node:assert/strict";
import { RemoteScreens } from "./remote_screens.ts";
import type { RosterEntry } from "../signaling/protocol.ts";
import "./ui/english_words.ts";

const entry = (screen?: string): RosterEntry => ({
  id: "pro",
  role: "pro",
  name: "Ada",
  presence: "present",
  media: { audio: true, video: true, ...(screen ? { screen } : {}) },
});
const stream = {} as MediaStream;

Deno.test("RemoteScreens: a screen shows only while its sharer's roster entry names it", () => {
  const screens = new RemoteScreens();
  assert.equal(screens.screenOf(entry("s1")), null, "announced, not arrived yet");
  screens.set("pro", "s1", stream);
  assert.equal(screens.screenOf(entry("s1")), stream);
  assert.equal(screens.screenOf(entry()), null, "stopped: the roster says so first");
  assert.equal(screens.screenOf(entry("s2")), null, "a new share, its track not here yet");
  screens.drop("pro");
  assert.equal(screens.screenOf(entry("s1")), null, "their session closed");
});
