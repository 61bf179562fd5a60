import type { LocalMedia } from "../local_media.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";
import { SpeakerSelect } from "./SpeakerSelect.tsx";
import { w } from "./words.ts";

/**
 * The call's device settings, one click from the control bar: microphone, camera and speaker
 * menus. Kept in the page while closed (`hidden`), so the bar's button can point at it.
 */
export function SettingsPanel(props: { media: LocalMedia; open: boolean; onClose(): void }) {
  const media = props.media;
  const devices = media.devices.value;
  const selected = media.selected.value;
  return (
    <section
      id="call-settings"
      class="stage-panel"
      aria-labelledby="call-settings-title"
      hidden={!props.open}
      data-testid="settings-panel"
    >
      <header class="stage-panel-head">
        <h2 id="call-settings-title">{w("settings")}</h2>
        <button type="button" class="stage-panel-close" onClick={props.onClose}>
          {w("close")}
        </button>
      </header>
      <div class="stage-panel-body settings-fields">
        <DeviceSelect
          id="mic-select"
          label={w("microphone")}
          options={devices.audioinput}
          value={selected.audioinput}
          onChange={(id) => media.switchDevice("audioinput", id)}
        />
        <DeviceSelect
          id="cam-select"
          label={w("camera")}
          options={devices.videoinput}
          value={selected.videoinput}
          onChange={(id) => media.switchDevice("videoinput", id)}
        />
        <SpeakerSelect media={media} id="speaker-select" />
      </div>
    </section>
  );
}
