import { useEffect } from "preact/hooks";
import { type ReadonlySignal, useSignal } from "@preact/signals";
import type { CallController } from "../call_controller.ts";
import { playChime, watchLevel } from "../level_meter.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";
import { SpeakerSelect } from "./SpeakerSelect.tsx";
import { MediaHelp } from "./MediaHelp.tsx";
import { NetworkCheck } from "./NetworkCheck.tsx";
import { VideoTile } from "./VideoTile.tsx";
import { w } from "./words.ts";

/**
 * The client's pre-call check: camera preview, a live microphone level, a speaker test on the
 * chosen output, device choices, a network check, then "Join". Without a camera (blocked, busy,
 * missing, or switched off here) the client joins with audio only, and is told so.
 */
export function PreCall(props: { call: CallController; peerName: string; onJoin(): void }) {
  const media = props.call.media;
  const level = useSignal(0);
  const stream = media.stream.value;
  const audio = stream?.getAudioTracks()[0];
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  const joinAs = hasVideo
    ? w(media.camOn.value ? "pre.join" : "pre.joinCamOff")
    : w(audio ? "pre.joinAudio" : "pre.join");
  useEffect(() => {
    if (!audio) return;
    return watchLevel(audio, (l) => level.value = l);
  }, [audio]);
  const devices = media.devices.value;
  const selected = media.selected.value;
  return (
    <section class="precall" aria-labelledby="precall-heading">
      <h2 id="precall-heading">{w("pre.title")}</h2>
      <p>{w("pre.intro", { name: props.peerName })}</p>
      <MediaHelp problem={media.problem.value} />
      {audio && !hasVideo && (
        <p class="notice" data-testid="audio-only-help">
          {w("pre.audioOnlyHelp", { name: props.peerName })}
        </p>
      )}
      {stream && (
        <div class="precall-grid">
          {hasVideo && media.camOn.value
            ? <VideoTile stream={stream} self label={w("yourPreview")} class="preview" />
            : (
              <div class="tile preview no-camera" data-testid="no-camera">
                <p>
                  {hasVideo ? w("pre.camOffNote") : w("pre.noCamera")}
                </p>
              </div>
            )}
          <div class="precall-devices">
            {hasVideo && (
              <>
                <DeviceSelect
                  id="pre-cam"
                  label={w("camera")}
                  options={devices.videoinput}
                  value={selected.videoinput}
                  onChange={(id) => media.switchDevice("videoinput", id)}
                />
                <button
                  type="button"
                  aria-pressed={!media.camOn.value}
                  onClick={() => media.toggleCam()}
                  data-testid="pre-toggle-cam"
                >
                  {w("pre.camOffToggle")}
                </button>
              </>
            )}
            <DeviceSelect
              id="pre-mic"
              label={w("microphone")}
              options={devices.audioinput}
              value={selected.audioinput}
              onChange={(id) => media.switchDevice("audioinput", id)}
            />
            <label for="mic-level">{w("pre.micLevel")}</label>
            <MicMeter level={level} />
            {!audio && <p class="muted">{w("pre.noMic")}</p>}
            <SpeakerSelect media={media} id="pre-speaker" />
            <button
              type="button"
              onClick={() => playChime(selected.audiooutput)}
              data-testid="test-speaker"
            >
              {w("pre.testSound")}
            </button>
          </div>
        </div>
      )}
      <NetworkCheck rtcConfig={props.call.opts.rtcConfig} />
      <p>
        <button
          type="button"
          class="primary"
          disabled={!stream}
          onClick={props.onJoin}
          data-testid="join"
        >
          {w("pre.joinButton", { join: joinAs, name: props.peerName })}
        </button>
      </p>
    </section>
  );
}

/**
 * The microphone's live level. It reads the level itself: the level changes on every animation
 * frame, and read in PreCall it drew the whole check (device menus, preview) 60 times a second.
 */
function MicMeter(props: { level: ReadonlySignal<number> }) {
  const level = props.level.value;
  return (
    <meter id="mic-level" min={0} max={1} low={0.05} value={level} data-testid="mic-level">
      {Math.round(level * 100)}%
    </meter>
  );
}
