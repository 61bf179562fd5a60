import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { Tile, tileLabel } from "./Tile.tsx";
import type { ConnectionQuality } from "../connection_quality.ts";
import "./english_words.ts";

const good: ConnectionQuality = {
  level: "good",
  rttMs: 42,
  lossPercent: 0,
  jitterMs: 3,
  fps: 30,
  sendBps: 1_200_000,
  receiveBps: 1_500_000,
  sendEstimateBps: 2_000_000,
};

Deno.test("tileLabel: name and role, You, and a shared screen", () => {
  assert.equal(tileLabel({ name: "Maria", role: "Interpreter" }), "Maria · Interpreter");
  assert.equal(tileLabel({ name: "Ada Lovelace" }), "Ada Lovelace");
  assert.equal(tileLabel({ name: "Ada Lovelace", self: true, role: "Professional" }), "You");
  assert.equal(tileLabel({ name: "Maria", screen: true }), "Maria's screen");
  assert.equal(tileLabel({ name: "Ada", self: true, screen: true }), "Your screen");
});

Deno.test("Tile: a named group with the video inside, no badge, no overlay", () => {
  const s = renderToString(
    <Tile name="Maria Ortiz" role="Interpreter" quality={good}>
      <video data-testid="remote-video" />
    </Tile>,
  );
  assert.match(s, /role="group" aria-label="Maria Ortiz · Interpreter"/);
  assert.match(
    s,
    /<span class="tile-name">Maria Ortiz<span class="tile-role"> · Interpreter<\/span><\/span>/,
  );
  assert.match(s, /<div class="tile-media"><video data-testid="remote-video"><\/video><\/div>/);
  assert.doesNotMatch(s, /tile-muted|tile-initials|tile-reconnecting/);
  assert.match(s, /data-level="good"/);
  assert.match(s, /aria-label="Good connection: round trip 42 ms, /);
  assert.equal(s.match(/class="lit"/g)?.length, 3, "three bars lit");
});

Deno.test("Tile: muted badge, initials with the camera off, the video kept for its sound", () => {
  const s = renderToString(
    <Tile name="Maria José García" muted cameraOff>
      <video />
    </Tile>,
  );
  assert.match(s, /role="img" aria-label="Microphone off"/);
  assert.match(s, /data-icon="mic-off"/);
  assert.match(s, /class="person-tile camera-off"/);
  assert.match(s, /<div class="tile-initials" aria-hidden="true"[^>]*><span>MG<\/span>/);
  assert.match(s, /<video><\/video>/, "still mounted: it plays the sound");
});

Deno.test("Tile: reconnecting overlay is a status; fair and poor light fewer bars", () => {
  const s = renderToString(
    <Tile name="Ben" reconnecting quality={{ ...good, level: "poor", lossPercent: 12 }} />,
  );
  assert.match(s, /<div class="tile-overlay" role="status"[^>]*>Reconnecting…<\/div>/);
  assert.match(s, /class="person-tile reconnecting"/);
  assert.equal(s.match(/class="lit"/g)?.length, 1);
  assert.match(s, /Poor connection: .*packet loss 12\.0%/);
  const fair = renderToString(<Tile name="Ben" quality={{ ...good, level: "fair" }} />);
  assert.equal(fair.match(/class="lit"/g)?.length, 2);
});

Deno.test("Tile: my own tile says You and has no bars; a screen has no initials or badge", () => {
  const mine = renderToString(<Tile name="Ada" self muted />);
  assert.match(mine, /aria-label="You"/);
  assert.doesNotMatch(mine, /data-testid="quality"/);
  const screen = renderToString(
    <Tile name="Maria" screen muted cameraOff speaking class="large" />,
  );
  assert.match(screen, /class="person-tile is-screen speaking large"/);
  assert.doesNotMatch(screen, /tile-initials|tile-muted/);
});
