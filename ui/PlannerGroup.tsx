import type { ComponentChildren } from "preact";
import type { AppointmentStatus } from "../domain/store.ts";
import type { DayGroup } from "../domain/day_plan.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import { TruncatedName } from "./TruncatedName.tsx";
import { lw } from "./live_words.ts";

/** What a planner row shows; its status and Join are worked out live by the caller. */
export interface PlannerRowView {
  id: string;
  iso: string;
  when: string;
  durationMin: number;
  clientName: string;
  status: AppointmentStatus;
  /** "Join call" when the appointment is open now, else nothing. */
  join: ComponentChildren;
}

/** Each group's heading and what it says when empty. */

/** One of the planner's groups (Today, Upcoming, Past): a heading and a table of its rows. */
export function PlannerGroup(props: { group: DayGroup; tzLabel: string; rows: PlannerRowView[] }) {
  const words = {
    title: lw(`group.${props.group}`),
    empty: lw(`group.${props.group}.empty`),
  };
  const headingId = `group-${props.group}`;
  return (
    <section class="planner-group" aria-labelledby={headingId} data-group={props.group}>
      <h2 id={headingId}>
        {words.title} <span class="count muted">({props.rows.length})</span>
      </h2>
      {props.rows.length === 0
        ? <p class="muted">{words.empty}</p>
        : (
          <table class="responsive appointments planner-table">
            <thead>
              <tr>
                <th scope="col" class="col-when">
                  {lw(props.group === "today" ? "time" : "when")} ({props.tzLabel})
                </th>
                <th scope="col" class="col-client">{lw("client")}</th>
                <th scope="col" class="col-status">{lw("statusCol")}</th>
                <th scope="col" class="col-actions">
                  <span class="sr-only">{lw("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.id} data-appointment={r.id} data-row-status={r.status}>
                  <td class="col-when">
                    <time dateTime={r.iso}>{r.when}</time>{" "}
                    <span class="muted">· {lw("duration", { minutes: r.durationMin })}</span>
                  </td>
                  <td class="col-client">
                    <TruncatedName name={r.clientName} />
                  </td>
                  <td class="col-status">
                    <StatusBadge status={r.status} label={lw(`status.${r.status}`)} />
                  </td>
                  <td class="col-actions">
                    <div class="actions">
                      {r.join}
                      <a class="button" href={`/dashboard/appointments/${r.id}`}>
                        {lw("details")}
                        <span class="sr-only">{` ${lw("detailsOf", { name: r.clientName })}`}</span>
                      </a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </section>
  );
}
