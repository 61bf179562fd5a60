/** The appointment's audit trail as a CSV download. */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../../../../app/app_context.ts";
import type { DashboardState } from "../../../../web/dashboard_state.ts";
import { ownedAppointment } from "../../../../web/owned_appointment.ts";
import { auditToCsv } from "../../../../domain/audit_csv.ts";
import { auditNamesFor } from "../../../../web/appointment_page.ts";

export const handler = {
  async GET(_req: Request, ctx: FreshContext<DashboardState>) {
    const appt = await ownedAppointment(ctx.params.id, ctx.state.pro.id);
    if (appt instanceof Response) return appt;
    const entries = await appContext().store.listAudit(appt.id);
    const csv = auditToCsv(entries, await auditNamesFor(appt, entries));
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="appointment-${appt.id}-audit.csv"`,
      },
    });
  },
};
