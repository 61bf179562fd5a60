/**
 * One appointment for its professional: the client link (copy, revoke and
 * re-issue), cancel, and the audit trail (`?page=N`, newest first,
 * {@linkcode AUDIT_PAGE_SIZE} rows a page) with its CSV export of everything.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment, AuditPage } from "../../../../domain/store.ts";
import { signClientLink } from "../../../../domain/tokens.ts";
import { clientLinkUrl } from "../../../../domain/link_urls.ts";
import { joinWindow } from "../../../../domain/appointments.ts";
import { appContext } from "../../../../utils/app_context.ts";
import type { DashboardState } from "../../../../utils/dashboard_state.ts";
import { ownedAppointment } from "../../../../utils/owned_appointment.ts";
import { formatClock, formatDateTime, viewerTimeZone } from "../../../../utils/time.ts";
import { CSRF_FIELD } from "../../../../utils/csrf.ts";
import { refusalResponse } from "../../../../utils/refusal.tsx";
import { DashboardHeader } from "../../../../components/DashboardHeader.tsx";
import { StatusBadge } from "../../../../components/StatusBadge.tsx";
import { AuditTable } from "../../../../components/AuditTable.tsx";
import CopyLink from "../../../../islands/CopyLink.tsx";

/** Audit rows shown on one page. */
export const AUDIT_PAGE_SIZE = 50;

interface Data {
  appointment: Appointment;
  clientLink: string;
  audit: AuditPage;
  page: number;
  tz: string;
}

export const handler = {
  async GET(req: Request, ctx: FreshContext<DashboardState, Data>) {
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    const { store, secret, baseUrl } = appContext();
    const param = ctx.url.searchParams.get("page") ?? "1";
    const page = /^[1-9]\d{0,5}$/.test(param) ? Number(param) : NaN;
    if (Number.isNaN(page)) {
      return refusalResponse({
        status: 400,
        title: "No such page",
        message: "The audit trail's page number must be a whole number from 1. " +
          "Go back to the appointment and use its page links.",
      });
    }
    const audit = await store.listAuditPage(appt.id, {
      offset: (page - 1) * AUDIT_PAGE_SIZE,
      limit: AUDIT_PAGE_SIZE,
    });
    if (page > 1 && audit.entries.length === 0) {
      return refusalResponse({
        status: 404,
        title: "No such page",
        message: `The audit trail has ${pageCount(audit.total)} page(s). ` +
          "Go back to the appointment and use its page links.",
      });
    }
    return ctx.render({
      appointment: appt,
      clientLink: clientLinkUrl(baseUrl, await signClientLink(secret, appt)),
      audit,
      page,
      tz: viewerTimeZone(req),
    });
  },
};

function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
}

export default function AppointmentPage({ data, state }: PageProps<Data, DashboardState>) {
  const { appointment: a, tz } = data;
  const { opensAt, closesAt } = joinWindow(a);
  const closed = a.status === "cancelled" || a.status === "completed";
  return (
    <main class="page">
      <DashboardHeader pro={state.pro} />
      <p>
        <a href="/dashboard">← All appointments</a>
      </p>
      <h1>Appointment with {a.clientName}</h1>
      <p>
        <time dateTime={new Date(a.startsAt).toISOString()}>{formatDateTime(a.startsAt, tz)}</time>
        {" "}
        · {a.durationMin} min ({tz}) · <StatusBadge status={a.status} />
      </p>
      {!closed && (
        <section class="card" aria-labelledby="link-heading">
          <h2 id="link-heading">Client link</h2>
          <p class="muted">
            Send this link to {a.clientName}. It opens the appointment from{" "}
            {formatClock(opensAt, tz)} until {formatClock(closesAt, tz)}.
          </p>
          <CopyLink url={data.clientLink} label="Copy client link" />
          <div class="actions">
            <form method="post" action={`/dashboard/appointments/${a.id}/revoke`}>
              <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
              <button type="submit">Revoke and issue a new link</button>
            </form>
            <form method="post" action={`/dashboard/appointments/${a.id}/cancel`}>
              <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
              <button type="submit" class="danger">Cancel appointment</button>
            </form>
          </div>
        </section>
      )}
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        <p>
          <a href={`/dashboard/appointments/${a.id}/audit.csv`} download>Download as CSV</a>
        </p>
        <AuditTable
          entries={data.audit.entries}
          tz={tz}
          pagination={{
            page: data.page,
            pages: pageCount(data.audit.total),
            total: data.audit.total,
            href: (p) => `/dashboard/appointments/${a.id}?page=${p}#audit-heading`,
          }}
        />
      </section>
    </main>
  );
}
