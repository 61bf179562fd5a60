/**
 * One appointment for its professional: the client link or, for an instant call, its one
 * shareable link (copy; "New link" stops the old one), the guests, cancel, and the audit trail
 * with its CSV export. Rendered by routes/dashboard/appointments/[id]/index.tsx and, with the
 * add-guest form's errors, by its guests route.
 */
import { appointmentTitle, isFinalStatus, joinWindow } from "../domain/appointments.ts";
import type { AppointmentPageData } from "../utils/appointment_page.ts";
import { pageCount } from "../utils/appointment_page.ts";
import type { DashboardState } from "../utils/dashboard_state.ts";
import { formatClock, formatDateTime } from "../utils/time.ts";
import { PostButton } from "./PostButton.tsx";
import { DashboardHeader } from "./DashboardHeader.tsx";
import { StatusBadge } from "./StatusBadge.tsx";
import { AuditTable } from "./AuditTable.tsx";
import { GuestsCard } from "./GuestsCard.tsx";
import { InvitationCard } from "./InvitationCard.tsx";
import { RescheduleCard } from "./RescheduleCard.tsx";
import CopyLink from "../islands/CopyLink.tsx";

export function AppointmentDetail(props: { data: AppointmentPageData; state: DashboardState }) {
  const { data, state } = props;
  const { appointment: a, tz } = data;
  const { opensAt, closesAt } = joinWindow(a);
  const base = `/dashboard/appointments/${a.id}`;
  const instant = a.kind === "instant";
  return (
    <main class="page">
      <DashboardHeader pro={state.pro} csrf={state.csrf} />
      <p>
        <a href="/dashboard">← All appointments</a>
      </p>
      <h1>{instant ? "Instant call" : `Appointment with ${a.clientName}`}</h1>
      <p>
        <time dateTime={new Date(a.startsAt).toISOString()}>{formatDateTime(a.startsAt, tz)}</time>
        {" "}
        · {a.durationMin} min ({tz}) · <StatusBadge status={a.status} />
      </p>
      {!isFinalStatus(a.status) && (
        <section class="card" aria-labelledby="link-heading">
          <h2 id="link-heading">{instant ? "Call link" : "Client link"}</h2>
          <p class="muted">
            {instant
              ? "Anyone with this link can ask to join: they type their name and you let them in. " +
                "It may be forwarded. "
              : `Send this link to ${appointmentTitle(a)}. `}
            It opens the {instant ? "call" : "appointment"}{" "}
            {instant ? "now" : `from ${formatClock(opensAt, tz)}`} until{" "}
            {formatClock(closesAt, tz)}.
          </p>
          {data.linkRenewed && !instant && (
            <p class="notice" role="status" data-testid="link-renewed">
              <strong>New link — send it again.</strong> The link you sent {a.clientName}{" "}
              no longer works; send them this one.
            </p>
          )}
          <CopyLink url={data.link} label={instant ? "Copy call link" : "Copy client link"} />
          <div class="actions">
            {instant
              ? (
                <PostButton
                  action={`${base}/share-link`}
                  csrf={state.csrf}
                  label="New link (stop the old one)"
                />
              )
              : <a class="button" href={`${base}/revoke`}>Revoke and issue a new link</a>}
            <a class="button danger" href={`${base}/cancel`}>
              {instant ? "Cancel call" : "Cancel appointment"}
            </a>
          </div>
        </section>
      )}
      {data.invitation && (
        <InvitationCard
          appointmentId={a.id}
          csrf={state.csrf}
          card={data.invitation}
          notice={data.notice}
        />
      )}
      {!instant && !isFinalStatus(a.status) && (
        <RescheduleCard
          appointmentId={a.id}
          csrf={state.csrf}
          tz={tz}
          form={data.reschedule}
          notice={data.notice}
        />
      )}
      {!isFinalStatus(a.status) && (
        <GuestsCard
          appointmentId={a.id}
          csrf={state.csrf}
          guests={data.guests}
          seats={data.seats}
          form={data.guestForm}
        />
      )}
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        <p>
          <a href={`${base}/audit.csv`} download>Download as CSV</a>
        </p>
        <AuditTable
          entries={data.audit.entries}
          names={data.auditNames}
          tz={tz}
          pagination={{
            page: data.page,
            pages: pageCount(data.audit.total),
            total: data.audit.total,
            href: (p) => `${base}?page=${p}#audit-heading`,
          }}
        />
      </section>
    </main>
  );
}
