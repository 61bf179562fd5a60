import type { CallController } from "../call_controller.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";
import { EndForEveryone } from "./EndForEveryone.tsx";
import { SpeakerSelect } from "./SpeakerSelect.tsx";

/**
 * Microphone and camera toggles (track.enabled, aria-pressed = off), each
 * with its device menu; the speaker menu where setSinkId exists; Leave (everyone) and, for the
 * professional, End for everyone.
 */
export function CallControls(props: { call: CallController; role: "client" | "pro" }) {
  const c = props.call;
  const media = c.media;
  const devices = media.devices.value;
  const selected = media.selected.value;
  const stream = media.stream.value;
  const hasAudio = (stream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  return (
    <div class="controls" role="group" aria-label="Call controls">
      <span class="control">
        <button
          type="button"
          aria-pressed={!media.micOn.value}
          disabled={!hasAudio}
          onClick={() => media.toggleMic()}
          data-testid="toggle-mic"
        >
          Mute microphone
        </button>
        <DeviceSelect
          id="mic-select"
          label="Microphone"
          options={devices.audioinput}
          value={selected.audioinput}
          onChange={(id) => media.switchDevice("audioinput", id)}
        />
      </span>
      <span class="control">
        <button
          type="button"
          aria-pressed={!media.camOn.value}
          disabled={!hasVideo}
          onClick={() => media.toggleCam()}
          data-testid="toggle-cam"
        >
          Turn camera off
        </button>
        <DeviceSelect
          id="cam-select"
          label="Camera"
          options={devices.videoinput}
          value={selected.videoinput}
          onChange={(id) => media.switchDevice("videoinput", id)}
        />
      </span>
      <span class="control">
        <SpeakerSelect media={media} id="speaker-select" />
      </span>
      {/* Also from the waiting room: leaving never ends the appointment. */}
      <button type="button" onClick={() => c.leave()} data-testid="leave">
        Leave
      </button>
      {props.role === "pro" && <EndForEveryone call={c} />}
    </div>
  );
}
