import type { CallController } from "../call_controller.ts";
import { canChooseSpeaker } from "../devices.ts";
import { DeviceSelect } from "./DeviceSelect.tsx";

/** The speaker menu where `setSinkId` exists; a one-line note where it does not. */
export function SpeakerSelect(props: { call: CallController; id: string }) {
  const c = props.call;
  if (!canChooseSpeaker()) {
    return <span class="muted small">This browser plays sound on its default speaker.</span>;
  }
  return (
    <DeviceSelect
      id={props.id}
      label="Speaker"
      options={c.devices.value.audiooutput}
      value={c.selected.value.audiooutput}
      onChange={(id) => c.setSpeaker(id)}
    />
  );
}
