/**
 * The full-window call stage, from the waiting room to the last minute of the call: a status
 * line on top, the tiles (StageTiles), notices over them (knocks, "Maria left", device
 * messages), side panels (chat, participants, settings) and the control bar, always visible at the
 * bottom. The page's own chrome is hidden meanwhile (use_call_chrome.ts); the stage never
 * scrolls, whatever the window's size.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Ref } from "preact";
import type { CallController } from "../call_controller.ts";
import { PeerWatch } from "../peer_watch.ts";
import type { CallChat } from "../call_chat.ts";
import { ChatAnnouncer, ChatPanel } from "./ChatPanel.tsx";
import { Departures } from "../departures.ts";
import { bindShortcuts } from "../keyboard_shortcuts.ts";
import { CallStatusLine } from "./CallStatusLine.tsx";
import { ControlBar, type StagePanel } from "./ControlBar.tsx";
import { MediaHelp } from "./MediaHelp.tsx";
import { ParticipantsPanel } from "./ParticipantsPanel.tsx";
import { SettingsPanel } from "./SettingsPanel.tsx";
import { StageTiles } from "./StageTiles.tsx";
import { WaitingPanel } from "./WaitingPanel.tsx";
import { roleWord } from "./role_words.ts";
import { useCallChrome } from "./use_call_chrome.ts";
import { useFullscreen } from "./use_fullscreen.ts";
import { w } from "./words.ts";

/** The stage of one side of a call (see the module doc). */
export function CallStage(
  props: { call: CallController; chat: CallChat; peerName: string; side: "client" | "pro" },
) {
  const c = props.call;
  const chat = props.chat;
  useCallChrome();
  const ref = useRef<HTMLElement>(null);
  const fullscreen = useFullscreen(() => ref.current);
  const [panel, showPanel] = useState<StagePanel>(chat.open.peek() ? "chat" : null);
  const setPanel = (next: StagePanel) => {
    chat.setOpen(next === "chat");
    showPanel(next);
  };
  const nameOf = (peerId: string) => c.roster.value.find((p) => p.id === peerId)?.name;
  const watch = useMemo(
    () =>
      new PeerWatch(
        () => [...c.sessions].map(([id, s]) => [id, s.pc] as const),
        (id) => c.roster.value.find((p) => p.id === id)?.media?.video !== false,
      ),
    [],
  );
  const departures = useMemo(() => new Departures(), []);
  useEffect(() => {
    watch.start();
    const unbind = bindShortcuts(document, {
      toggleMic: () => c.media.stream.value?.getAudioTracks().length && c.media.toggleMic(),
      toggleCam: () => c.media.stream.value?.getVideoTracks().length && c.media.toggleCam(),
    });
    return () => {
      unbind();
      watch.stop();
      departures.dispose();
    };
  }, []);
  // The person the call is about has the waiting panel and the status line when they leave.
  const roster = c.roster.value;
  useEffect(() => departures.update(roster.filter((p) => p.id !== c.counterpart)), [roster]);

  const phase = c.phase.value;
  const waiting = phase === "waiting" || phase === "setup";
  const nobodyElse = c.remotes.value.length === 0;
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
          <MediaHelp problem={c.media.problem.value} />
          {c.knocks.value.map((k) => (
            <div
              class="stage-notice knock"
              role="alert"
              key={k.id}
              data-testid="knock"
              data-id={k.id}
            >
              <span>{w("knock", { name: k.name, role: roleWord(k.role) })}</span>{" "}
              <button type="button" class="btn primary" onClick={() => c.letIn(k.id)}>
                {w("letIn")}
              </button>{" "}
              <button type="button" class="btn" onClick={() => c.decline(k.id)}>
                {w("notNow")}
              </button>
            </div>
          ))}
          {departures.notices.value.map((n) => (
            <p class="stage-notice" key={n.id} data-testid="departure">{n.text}</p>
          ))}
          {c.media.notice.value && <p class="stage-notice" role="status">{c.media.notice.value}</p>}
          {c.screen.sharing.value && (
            <p class="stage-notice" role="status" data-testid="sharing-notice">
              {w("sharingNotice")}
            </p>
          )}
          {c.endFailed.value && (
            <p class="stage-notice warn" role="alert" data-testid="end-failed">
              {w("endFailed")}
            </p>
          )}
        </div>
        <div class="stage-panel stage-chat" hidden={panel !== "chat"}>
          <ChatPanel
            id="call-chat"
            messages={chat.channels.messages.value}
            canSend={chat.channels.canSend.value}
            nameOf={nameOf}
            onSend={(text) => chat.channels.send(text).ok}
            onClose={() => setPanel(null)}
          />
        </div>
        <ChatAnnouncer
          latest={chat.channels.messages.value.at(-1)}
          panelOpen={panel === "chat"}
          nameOf={nameOf}
        />
        <ParticipantsPanel
          remotes={c.remotes.value}
          micOn={c.media.micOn.value}
          open={panel === "participants"}
          onClose={() => setPanel(null)}
          onRemove={props.side === "pro" ? (id) => c.remove(id) : undefined}
        />
        <SettingsPanel media={c.media} open={panel === "settings"} onClose={() => setPanel(null)} />
      </div>
      <ControlBar
        call={c}
        role={props.side}
        panel={panel}
        onPanel={setPanel}
        fullscreen={fullscreen}
        unread={chat.channels.unread.value}
      />
    </section>
  );
}
