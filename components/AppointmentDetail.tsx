/**
 * One appointment for its professional: the client link or, for an instant call, its one
 * shareable link (copy; "New link" stops the old one), the guests, cancel, and the audit trail
 * with its CSV export. Rendered by routes/dashboard/appointments/[id]/index.tsx and, with the
 * add-guest form's errors, by its guests route.
 */
import { appointmentTitle, isFinalStatus, joinWindow } from "../domain/appointments.ts";
import type { AppointmentPageData } from "./appointment_page_data.ts";
import { pageCount } from "./appointment_page_data.ts";
import type { DashboardState } from "./dashboard_state.ts";
import { formatClock, formatDateTime } from "../utils/format_time.ts";
import { PostButton } from "./PostButton.tsx";
import { DashboardHeader } from "./DashboardHeader.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { AuditTable } from "./AuditTable.tsx";
import { GuestsCard } from "./GuestsCard.tsx";
import { InvitationCard } from "./InvitationCard.tsx";
import { RescheduleCard } from "./RescheduleCard.tsx";
import CopyLink from "../islands/CopyLink.tsx";
import { islandStrings } from "../i18n/island_strings.ts";
import { currentLocale, rich, t } from "../i18n/request_locale.ts";
import { strong } from "../i18n/rich_tags.tsx";

export function AppointmentDetail(props: { data: AppointmentPageData; state: DashboardState }) {
  const { data, state } = props;
  const { appointment: a, tz } = data;
  const { opensAt, closesAt } = joinWindow(a);
  const base = `/dashboard/appointments/${a.id}`;
  const instant = a.kind === "instant";
  const locale = currentLocale();
  return (
    <main class="page">
      <DashboardHeader pro={state.pro} csrf={state.csrf} />
      <p>
        <a href="/dashboard">{t("detail.all")}</a>
      </p>
      <h1>{instant ? t("proCall.instant") : t("detail.title", { name: a.clientName })}</h1>
      <p>
        <time dateTime={new Date(a.startsAt).toISOString()}>
          {formatDateTime(a.startsAt, tz, { locale })}
        </time>{" "}
        · {t("detail.duration", { minutes: a.durationMin, tz })} ·{" "}
        <StatusBadge status={a.status} label={t(`live.status.${a.status}`)} />
      </p>
      {!isFinalStatus(a.status) && (
        <section class="card" aria-labelledby="link-heading">
          <h2 id="link-heading">{t(instant ? "detail.callLink" : "detail.clientLink")}</h2>
          <p class="muted">
            {instant
              ? t("detail.instantLinkNote", { closes: formatClock(closesAt, tz, locale) })
              : t("detail.clientLinkNote", {
                name: appointmentTitle(a),
                opens: formatClock(opensAt, tz, locale),
                closes: formatClock(closesAt, tz, locale),
              })}
          </p>
          {data.linkRenewed && !instant && (
            <p class="notice" role="status" data-testid="link-renewed">
              {rich("detail.renewed", { name: a.clientName, strong })}
            </p>
          )}
          <CopyLink
            strings={islandStrings("copy.")}
            url={data.link}
            label={t(instant ? "detail.copyCallLink" : "detail.copyClientLink")}
          />
          <div class="actions">
            {instant
              ? (
                <PostButton
                  action={`${base}/share-link`}
                  csrf={state.csrf}
                  label={t("detail.newShareLink")}
                />
              )
              : <a class="button" href={`${base}/revoke`}>{t("detail.revoke")}</a>}
            <a class="button danger" href={`${base}/cancel`}>
              {t(instant ? "detail.cancelCall" : "detail.cancelAppointment")}
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
        <h2 id="audit-heading">{t("detail.audit")}</h2>
        <p>
          <a href={`${base}/audit.csv`} download>{t("detail.csv")}</a>
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
