import type { LocalMedia } from "../local_media.ts";
import { canChooseSpeaker } from "../devices.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";
import { w } from "./words.ts";

/** The speaker menu where `setSinkId` exists; a one-line note where it does not. */
export function SpeakerSelect(props: { media: LocalMedia; id: string }) {
  const media = props.media;
  if (!canChooseSpeaker()) {
    return <span class="muted small">{w("defaultSpeaker")}</span>;
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
