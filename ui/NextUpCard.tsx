import type { ComponentChildren } from "preact";
import type { AppointmentStatus } from "../domain/store.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import { TruncatedName } from "./TruncatedName.tsx";
import { lw } from "./live_words.ts";

/**
 * "Next up": the appointment to take next, with Join while it is open, else when it opens.
 */
export function NextUpCard(props: {
  id: string;
  iso: string;
  when: string;
  durationMin: number;
  clientName: string;
  status: AppointmentStatus;
  /** "Join call" when open now; otherwise `opensAt` is said instead. */
  join: ComponentChildren;
  opensAt: string;
}) {
  return (
    <section class="card next-up" aria-labelledby="next-up-title" data-testid="next-up">
      <h2 id="next-up-title">{lw("nextUp")}</h2>
      <p class="next-up-name">
        <TruncatedName name={props.clientName} />
      </p>
      <p class="next-up-when">
        <time dateTime={props.iso}>{props.when}</time>{" "}
        <span class="muted">· {lw("duration", { minutes: props.durationMin })}</span>{" "}
        <StatusBadge status={props.status} label={lw(`status.${props.status}`)} />
      </p>
      <p class="actions">
        {props.join ?? <span class="muted">{lw("canJoinFrom", { time: props.opensAt })}</span>}
        <a class="button" href={`/dashboard/appointments/${props.id}`}>
          {lw("details")}
          <span class="sr-only">{` ${lw("detailsOf", { name: props.clientName })}`}</span>
        </a>
      </p>
    </section>
  );
}
