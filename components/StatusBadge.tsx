import type { AppointmentStatus } from "../domain/store.ts";

/** Words for each status, as people read them. */
export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: "Scheduled",
  waiting: "Client waiting",
  in_call: "In call",
  completed: "Completed",
  cancelled: "Cancelled",
  missed: "Missed",
};

/** A small pill showing an appointment's status. */
export function StatusBadge(props: { status: AppointmentStatus }) {
  return (
    <span class={`status status-${props.status}`} data-status={props.status}>
      {STATUS_LABELS[props.status]}
    </span>
  );
}
