import { useEffect, useState } from "preact/hooks";
import { memo } from "./memo.ts";
import type { ReadonlySignal } from "@preact/signals";
import type { CallController } from "../call_controller.ts";
import { canShareScreen } from "../screen_share.ts";
import { ControlButton } from "./ControlButton.tsx";
import {
  cameraControl,
  chatControl,
  fullscreenControl,
  leaveControl,
  micControl,
  peopleControl,
  settingsControl,
  shareControl,
} from "./control_states.ts";
import { EndForEveryone } from "./EndForEveryone.tsx";
import { w } from "./words.ts";

/** Which side panel of the stage is open. */
export type StagePanel = "chat" | "settings" | "participants" | null;

/**
 * The call's control bar, always at the bottom of the stage: microphone and camera (their
 * devices one click away in Settings), screen share (only where getDisplayMedia exists, known
 * after hydration: the server cannot tell), chat, participants, settings, full screen, Leave and,
 * for the professional, End for everyone. Icons and words from control_states.ts.
 */
export const ControlBar = memo(function ControlBar(props: {
  call: CallController;
  role: "client" | "pro";
  panel: StagePanel;
  onPanel(panel: StagePanel): void;
  fullscreen: { supported: boolean; active: boolean; toggle(): void };
  /** Chat messages not read yet (the chat button's badge), read here so a message redraws only the bar. */
  unread: ReadonlySignal<number>;
}) {
  const c = props.call;
  const media = c.media;
  const stream = media.stream.value;
  const hasAudio = (stream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  const toggle = (panel: StagePanel) => props.onPanel(props.panel === panel ? null : panel);
  const [canShare, setCanShare] = useState(false);
  useEffect(() => setCanShare(canShareScreen()), []);
  const sharing = c.screen.sharing.value;
  const toggleShare = async () => {
    if (sharing) return c.screen.stop();
    const r = await c.screen.start();
    if (!r.ok && r.reason === "failed") media.notice.value = w("shareFailed");
  };
  return (
    <div class="control-bar controls" role="toolbar" aria-label={w("controls")}>
      <div class="control-group">
        <ControlButton
          {...micControl(media.micOn.value)}
          disabled={!hasAudio}
          onClick={() => media.toggleMic()}
          testId="toggle-mic"
        />
        <ControlButton
          {...cameraControl(media.camOn.value && hasVideo)}
          disabled={!hasVideo}
          onClick={() => media.toggleCam()}
          testId="toggle-cam"
        />
        {canShare && (
          <ControlButton
            {...shareControl(sharing)}
            onClick={() => void toggleShare()}
            testId="share-screen"
          />
        )}
        <ControlButton
          {...chatControl(props.panel === "chat")}
          controls="call-chat"
          badge={props.unread.value}
          badgeLabel="unread messages"
          onClick={() => toggle("chat")}
          testId="chat"
        />
        <ControlButton
          {...peopleControl(props.panel === "participants")}
          controls="call-participants"
          onClick={() => toggle("participants")}
          testId="participants"
        />
        <ControlButton
          {...settingsControl(props.panel === "settings")}
          controls="call-settings"
          onClick={() => toggle("settings")}
          testId="settings"
        />
        {props.fullscreen.supported && (
          <ControlButton
            {...fullscreenControl(props.fullscreen.active)}
            onClick={props.fullscreen.toggle}
            testId="fullscreen"
          />
        )}
      </div>
      <div class="control-group control-exit">
        {
          /* Also from the waiting room: leaving never ends the appointment. For the professional
            only End for everyone is red: Leave just steps out, and the two must not look alike. */
        }
        <ControlButton
          {...leaveControl}
          tone={props.role === "pro" ? undefined : leaveControl.tone}
          onClick={() => c.leave()}
          testId="leave"
        />
        {props.role === "pro" && <EndForEveryone call={c} />}
      </div>
    </div>
  );
});
