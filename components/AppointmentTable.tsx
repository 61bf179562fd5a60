import type { Appointment } from "../domain/store.ts";
import { formatDateTime } from "../utils/time.ts";
import { StatusBadge } from "./StatusBadge.tsx";

/** The dashboard's list of appointments, earliest first. */
export function AppointmentTable(props: { appointments: Appointment[]; tz: string }) {
  if (props.appointments.length === 0) {
    return <p class="muted">No appointments today or later. Create one below.</p>;
  }
  return (
    <table class="responsive appointments">
      <thead>
        <tr>
          <th scope="col">When ({props.tz})</th>
          <th scope="col">Client</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.appointments.map((a) => (
          <tr key={a.id} data-appointment={a.id}>
            <td>
              <time dateTime={new Date(a.startsAt).toISOString()}>
                {formatDateTime(a.startsAt, props.tz)}
              </time>{" "}
              <span class="muted">· {a.durationMin} min</span>
            </td>
            <td>{a.clientName}</td>
            <td>
              <StatusBadge status={a.status} />
            </td>
            <td>
              <a href={`/dashboard/appointments/${a.id}`}>
                Details<span class="sr-only">of the appointment with {a.clientName}</span>
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
