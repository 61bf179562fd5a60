import type { LocalMedia } from "../local_media.ts";
import { canChooseSpeaker } from "../devices.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";
import { w } from "./words.ts";

/**
 * The speaker menu where `setSinkId` exists; a one-line note where it does not, or where the
 * browser lists no speaker (Firefox has `setSinkId` but lists none on a machine without sound
 * devices), instead of an empty gap.
 */
export function SpeakerSelect(props: { media: LocalMedia; id: string }) {
  const media = props.media;
  if (!canChooseSpeaker() || media.devices.value.audiooutput.length === 0) {
    return <span class="muted small" data-testid="speaker-note">{w("defaultSpeaker")}</span>;
  }
  return (
    <DeviceSelect
      id={props.id}
      label={w("speaker")}
      options={media.devices.value.audiooutput}
      value={media.selected.value.audiooutput}
      onChange={(id) => media.chooseSpeaker(id)}
    />
  );
}
