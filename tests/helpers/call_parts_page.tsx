/**
 * Browser code for tests/call_parts_browser_test.ts and tests/accessibility_browser_test.ts
 * (bundled by them): the call screen's parts on one page — a control bar of ControlButtons wired
 * to signals and to the keyboard shortcuts, the chat panel, and tiles in every state with
 * real camera video (Chromium's fake camera). Exposed as `window.parts`.
 */
import "../../call/ui/english_words.ts";
import { render } from "preact";
import { signal } from "@preact/signals";
import { ControlButton } from "../../call/ui/ControlButton.tsx";
import { Tile } from "../../call/ui/Tile.tsx";
import {
  cameraControl,
  chatControl,
  endControl,
  fullscreenControl,
  leaveControl,
  micControl,
  peopleControl,
  settingsControl,
  shareControl,
} from "../../call/ui/control_states.ts";
import { bindShortcuts } from "../../call/keyboard_shortcuts.ts";
import { ChatAnnouncer, ChatPanel } from "../../call/ui/ChatPanel.tsx";
import type { ChatEntry } from "../../call/chat_channel.ts";
import type { ConnectionQuality } from "../../call/connection_quality.ts";

const micOn = signal(true);
const camOn = signal(true);
const chatOpen = signal(false);
const stream = signal<MediaStream | null>(null);
const presses: string[] = [];
const messages = signal<readonly ChatEntry[]>([]);
/** The room's name for each peer id. */
const nameOf = (id: string) => id === "g1" ? "Maria Ortiz · Interpreter" : undefined;
const entry = (text: string, peerId: string | null): ChatEntry => ({
  type: "chat",
  v: 1,
  id: crypto.randomUUID(),
  sentAt: Date.now(),
  from: peerId ? "Someone claiming a name" : "Ada Lovelace",
  text,
  peerId,
  at: Date.now(),
});

const quality = (level: ConnectionQuality["level"], lossPercent = 0): ConnectionQuality => ({
  level,
  rttMs: level === "poor" ? 640 : 38,
  lossPercent,
  jitterMs: 4,
  fps: 30,
  sendBps: 1_400_000,
  receiveBps: 1_600_000,
  sendEstimateBps: 2_000_000,
});

function Video() {
  return (
    <video
      ref={(el) => {
        if (el && stream.value && el.srcObject !== stream.value) el.srcObject = stream.value;
      }}
      autoplay
      muted
      playsInline
    />
  );
}

function Page() {
  const press = (name: string) => () => presses.push(name);
  return (
    <main>
      <h1>Call screen parts</h1>
      <div class="parts-stage" style="display:grid;grid-template-columns:repeat(3,240px);gap:8px">
        <div style="height:180px">
          <Tile name="Ada Lovelace" self muted={!micOn.value} cameraOff={!camOn.value}>
            <Video />
          </Tile>
        </div>
        <div style="height:180px">
          <Tile name="Maria Ortiz" role="Interpreter" quality={quality("good")} speaking>
            <Video />
          </Tile>
        </div>
        <div style="height:180px">
          <Tile name="Ben Okafor" muted cameraOff quality={quality("fair", 4)}>
            <Video />
          </Tile>
        </div>
        <div style="height:180px">
          <Tile name="Chen Wei" role="Guest" reconnecting quality={quality("poor", 12)}>
            <Video />
          </Tile>
        </div>
        <div style="height:180px">
          <Tile name="Maria Ortiz" screen>
            <Video />
          </Tile>
        </div>
      </div>
      <div role="toolbar" aria-label="Call controls" class="parts-bar" style="margin-top:4rem">
        <ControlButton
          {...micControl(micOn.value)}
          onClick={() => micOn.value = !micOn.value}
          testId="mic"
        />
        <ControlButton
          {...cameraControl(camOn.value)}
          onClick={() => camOn.value = !camOn.value}
          testId="cam"
        />
        <ControlButton {...shareControl(false)} onClick={press("share")} />
        <ControlButton
          {...chatControl(chatOpen.value)}
          controls="chat-panel"
          badge={chatOpen.value ? 0 : 3}
          badgeLabel="unread messages"
          onClick={() => chatOpen.value = !chatOpen.value}
          testId="chat"
        />
        <ControlButton {...peopleControl(false)} onClick={press("people")} />
        <ControlButton {...settingsControl(false)} onClick={press("settings")} />
        <ControlButton {...fullscreenControl(false)} onClick={press("fullscreen")} />
        <ControlButton {...leaveControl} showLabel onClick={press("leave")} />
        <ControlButton {...endControl} onClick={press("end")} />
      </div>
      {chatOpen.value && (
        <ChatPanel
          id="chat-panel"
          messages={messages.value}
          canSend
          nameOf={nameOf}
          onSend={(text) => {
            messages.value = [...messages.value, entry(text, null)];
            return true;
          }}
          onClose={() => chatOpen.value = false}
        />
      )}
      <ChatAnnouncer latest={messages.value.at(-1)} panelOpen={chatOpen.value} nameOf={nameOf} />
    </main>
  );
}

bindShortcuts(document, {
  toggleMic: () => micOn.value = !micOn.value,
  toggleCam: () => camOn.value = !camOn.value,
});

const parts = {
  /** Starts the fake camera shown in every tile. */
  async camera() {
    stream.value = await navigator.mediaDevices.getUserMedia({ video: true });
  },
  state: () => ({ micOn: micOn.value, camOn: camOn.value, chatOpen: chatOpen.value, presses }),
  /** A message from Maria (peer g1) arrives. */
  receive: (text: string) => messages.value = [...messages.value, entry(text, "g1")],
  /** The texts in the chat log, as shown. */
  texts: () => messages.value.map((m) => m.text),
};

/** What the page exposes as `window.parts`. */
export type PartsPage = typeof parts;

render(<Page />, document.body);
Object.assign(globalThis, { parts });
