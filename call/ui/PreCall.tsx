import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import type { CallController } from "../call_controller.ts";
import { playChime, watchLevel } from "../level_meter.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";
import { SpeakerSelect } from "./SpeakerSelect.tsx";
import { MediaHelp } from "./MediaHelp.tsx";
import { VideoTile } from "./VideoTile.tsx";

/**
 * The client's pre-call check: camera preview, a live microphone level, a
 * speaker test on the chosen output, device choices, then "Join".
 */
export function PreCall(props: { call: CallController; peerName: string; onJoin(): void }) {
  const media = props.call.media;
  const level = useSignal(0);
  const stream = media.stream.value;
  const audio = stream?.getAudioTracks()[0];
  useEffect(() => {
    if (!audio) return;
    return watchLevel(audio, (l) => level.value = l);
  }, [audio]);
  const devices = media.devices.value;
  const selected = media.selected.value;
  return (
    <section class="precall" aria-labelledby="precall-heading">
      <h2 id="precall-heading">Check your camera and microphone</h2>
      <MediaHelp problem={media.problem.value} />
      {stream && (
        <div class="precall-grid">
          <VideoTile stream={stream} self label="Your camera preview" class="preview" />
          <div class="precall-devices">
            <DeviceSelect
              id="pre-cam"
              label="Camera"
              options={devices.videoinput}
              value={selected.videoinput}
              onChange={(id) => media.switchDevice("videoinput", id)}
            />
            <DeviceSelect
              id="pre-mic"
              label="Microphone"
              options={devices.audioinput}
              value={selected.audioinput}
              onChange={(id) => media.switchDevice("audioinput", id)}
            />
            <label for="mic-level">Microphone level</label>
            <meter
              id="mic-level"
              min={0}
              max={1}
              low={0.05}
              value={level.value}
              data-testid="mic-level"
            >
              {Math.round(level.value * 100)}%
            </meter>
            {!audio && <p class="muted">No microphone: the other side will not hear you.</p>}
            <SpeakerSelect media={media} id="pre-speaker" />
            <button
              type="button"
              onClick={() => playChime(selected.audiooutput)}
              data-testid="test-speaker"
            >
              Play a test sound
            </button>
          </div>
        </div>
      )}
      <p>
        <button
          type="button"
          class="primary"
          disabled={!stream}
          onClick={props.onJoin}
          data-testid="join"
        >
          Join — {props.peerName} will let you in
        </button>
      </p>
    </section>
  );
}
