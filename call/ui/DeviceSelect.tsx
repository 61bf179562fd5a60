import type { DeviceOption } from "../devices.ts";

/** A labelled native `<select>` of devices: keyboard- and screen-reader-friendly. */
export function DeviceSelect(props: {
  id: string;
  label: string;
  options: DeviceOption[];
  value: string | undefined;
  onChange(deviceId: string): void;
}) {
  if (props.options.length === 0) return null;
  return (
    <span class="device-select">
      <label for={props.id} class="sr-only-narrow">{props.label}</label>
      <select
        id={props.id}
        value={props.value ?? props.options[0].deviceId}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.options.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label}</option>)}
      </select>
    </span>
  );
}
