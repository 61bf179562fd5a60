/**
 * The full-window call stage, from the waiting room to the last minute of the call: a status
 * line on top, the tiles (StageTiles), notices over them (knocks, "Maria left", device
 * messages), side panels (chat, participants, settings) and the control bar, always visible at the
 * bottom. The page's own chrome is hidden meanwhile (use_call_chrome.ts); the stage never
 * scrolls, whatever the window's size.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useComputed, useSignalEffect } from "@preact/signals";
import type { Ref } from "preact";
import type { CallController } from "../call_controller.ts";
import { PeerWatch } from "../peer_watch.ts";
import type { CallChat } from "../call_chat.ts";
import { Departures } from "../departures.ts";
import { bindShortcuts } from "../keyboard_shortcuts.ts";
import { CallStatusLine } from "./CallStatusLine.tsx";
import { ControlBar, type StagePanel } from "./ControlBar.tsx";
import { SettingsPanel } from "./SettingsPanel.tsx";
import { StageChat, StagePeople } from "./StagePanels.tsx";
import { StageNotices } from "./StageNotices.tsx";
import { StageTiles } from "./StageTiles.tsx";
import { WaitingPanel } from "./WaitingPanel.tsx";
import { useCallChrome } from "./use_call_chrome.ts";
import { useFullscreen } from "./use_fullscreen.ts";
import { w } from "./words.ts";
import { memo } from "./memo.ts";

/** The stage of one side of a call (see the module doc). */
export const CallStage = memo(function CallStage(
  props: {
    call: CallController;
    chat: CallChat;
    peerName: string;
    side: "client" | "pro";
    /** False while the stage is drawn ahead, hidden: it leaves the page and the keyboard alone. */
    active?: boolean;
  },
) {
  const active = props.active ?? true;
  const c = props.call;
  const chat = props.chat;
  useCallChrome(active);
  const ref = useRef<HTMLElement>(null);
  const fullscreen = useFullscreen(() => ref.current);
  const [panel, showPanel] = useState<StagePanel>(chat.open.peek() ? "chat" : null);
  // The same functions on every draw, so the control bar is drawn again only when it changes.
  const setPanel = useMemo(() => (next: StagePanel) => {
    chat.setOpen(next === "chat");
    showPanel(next);
  }, []);
  const closePanel = useMemo(() => () => setPanel(null), []);
  const nameOf = (peerId: string) => c.roster.value.find((p) => p.id === peerId)?.name;
  const watch = useMemo(
    () =>
      new PeerWatch(
        () => [...c.sessions].map(([id, s]) => [id, s.pc] as const),
        (id) => c.roster.value.find((p) => p.id === id)?.media?.video !== false,
        // The camera's picture size follows each link (call/uplink_fit.ts).
        (id, q) => c.sessions.get(id)?.uplinkReading(q.sendEstimateBps, q.sendBps),
      ),
    [],
  );
  const departures = useMemo(() => new Departures(), []);
  useEffect(() => {
    if (!active) return;
    watch.start();
    const unbind = bindShortcuts(document, {
      toggleMic: () => c.media.stream.value?.getAudioTracks().length && c.media.toggleMic(),
      toggleCam: () => c.media.stream.value?.getVideoTracks().length && c.media.toggleCam(),
    });
    return () => {
      unbind();
      watch.stop();
    };
  }, [active]);
  useEffect(() => () => departures.dispose(), []);
  // The person the call is about has the waiting panel and the status line when they leave.
  useSignalEffect(() => departures.update(c.roster.value.filter((p) => p.id !== c.counterpart)));

  // The stage reads only what changes its layout; each part below reads its own signals, so an
  // arrival, a track or a chat message redraws that part and not the whole stage (in a call of
  // four, redrawing the stage on every change took about a quarter of a page's main thread
  // while the call set up).
  const phase = c.phase.value;
  const waiting = phase === "waiting" || phase === "setup";
  const nobodyElse = useComputed(() => c.remotes.value.length === 0).value;
  const waitingPanel = (
    <WaitingPanel call={c} peerName={props.peerName} side={props.side} banner={!nobodyElse} />
  );
  return (
    <section
      ref={ref as Ref<HTMLElement>}
      class="call call-stage"
      data-phase={phase}
      aria-label={w("videoCall")}
    >
      <div class="stage-top">
        <CallStatusLine
          call={c}
          peerName={props.peerName.trim() ||
            w(props.side === "pro" ? "theClient" : "theProfessional")}
          role={props.side}
        />
      </div>
      <div class="stage-main" data-panel={panel ?? undefined}>
        <StageTiles call={c} watch={watch} waiting={waitingPanel} />
        <div class="stage-notices" aria-live="polite">
          {waiting && !nobodyElse && waitingPanel}
          <StageNotices call={c} departures={departures} />
        </div>
        <StageChat chat={chat} open={panel === "chat"} nameOf={nameOf} onClose={closePanel} />
        <StagePeople
          call={c}
          open={panel === "participants"}
          onClose={closePanel}
          onRemove={props.side === "pro" ? (id) => c.remove(id) : undefined}
        />
        <SettingsPanel media={c.media} open={panel === "settings"} onClose={closePanel} />
      </div>
      <ControlBar
        call={c}
        role={props.side}
        panel={panel}
        onPanel={setPanel}
        fullscreen={fullscreen}
        unread={chat.channels.unread}
      />
    </section>
  );
});
