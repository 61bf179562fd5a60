import type { AppointmentStatus } from "../domain/store.ts";

/** A small pill showing an appointment's status, in words of the page's language (`label`). */
export function StatusBadge(props: { status: AppointmentStatus; label: string }) {
  return (
    <span class={`status status-${props.status}`} data-status={props.status}>
      {props.label}
    </span>
  );
}
