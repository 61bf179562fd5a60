import type { AuditEntry } from "../domain/store.ts";
import { formatDateTime } from "../utils/time.ts";

/** An appointment's audit trail, oldest first. */
export function AuditTable(props: { entries: AuditEntry[]; tz: string }) {
  return (
    <table class="responsive audit">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.at, props.tz)}</td>
            <td>{e.actor}</td>
            <td>{e.action}</td>
            <td>{e.detail ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
