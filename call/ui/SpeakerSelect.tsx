import type { LocalMedia } from "../local_media.ts";
import { canChooseSpeaker } from "../devices.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";

/** The speaker menu where `setSinkId` exists; a one-line note where it does not. */
export function SpeakerSelect(props: { media: LocalMedia; id: string }) {
  const media = props.media;
  if (!canChooseSpeaker()) {
    return <span class="muted small">This browser plays sound on its default speaker.</span>;
  }
  return (
    <DeviceSelect
      id={props.id}
      label="Speaker"
      options={media.devices.value.audiooutput}
      value={media.selected.value.audiooutput}
      onChange={(id) => media.chooseSpeaker(id)}
    />
  );
}
