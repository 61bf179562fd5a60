/**
 * The professional's day: today's and upcoming appointments with their live
 * status, and the form to create one (works without JavaScript).
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Appointment } from "../../domain/store.ts";
import {
  type AppointmentField,
  appointmentTitle,
  type NewAppointmentForm as FormValues,
  validateNewAppointment,
} from "../../domain/appointments.ts";
import { appContext } from "../../utils/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../utils/dashboard_state.ts";
import { isTimeZone, toLocalInput, viewerTimeZone } from "../../utils/time.ts";
import { NewAppointmentForm } from "../../components/NewAppointmentForm.tsx";
import LiveAppointments from "../../islands/LiveAppointments.tsx";
import { formatDateTime } from "../../utils/time.ts";
import { DashboardHeader } from "../../components/DashboardHeader.tsx";
import { InstantCallForm } from "../../components/InstantCallForm.tsx";

interface Data {
  appointments: Appointment[];
  tz: string;
  values: FormValues;
  errors: Partial<Record<AppointmentField, string>>;
}

/** Appointments shown: those that started in the last 24 hours, or later. */
const LOOKBACK_MS = 24 * 3_600_000;

async function page(
  req: Request,
  ctx: FreshContext<DashboardState, Data>,
  form?: { values: FormValues; errors: Data["errors"] },
  status = 200,
) {
  const tz = viewerTimeZone(req, ctx.state.pro.timeZone);
  const appointments = await appContext().store.listAppointments(
    ctx.state.pro.id,
    Date.now() - LOOKBACK_MS,
  );
  const values = form?.values ?? {
    clientName: "",
    clientEmail: "",
    start: toLocalInput(Math.ceil(Date.now() / 900_000) * 900_000, tz),
    durationMin: "30",
  };
  return ctx.render({ appointments, tz, values, errors: form?.errors ?? {} }, { status });
}

export const handler = {
  GET(req: Request, ctx: FreshContext<DashboardState, Data>) {
    return page(req, ctx);
  },
  async POST(req: Request, ctx: FreshContext<DashboardState, Data>) {
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    const posted = text("tz");
    const tz = isTimeZone(posted) ? posted : viewerTimeZone(req, ctx.state.pro.timeZone);
    const values: FormValues = {
      clientName: text("clientName"),
      clientEmail: text("clientEmail"),
      start: text("start"),
      durationMin: text("durationMin"),
    };
    const result = validateNewAppointment({ ...values, tz });
    if (!result.ok) return page(req, ctx, { values, errors: result.errors }, 400);
    const appt = await appContext().store.createAppointment({
      professionalId: ctx.state.pro.id,
      ...result.value,
    });
    return new Response(null, {
      status: 303,
      headers: { Location: `/dashboard/appointments/${appt.id}` },
    });
  },
};

export default function Dashboard({ data, state }: PageProps<Data, DashboardState>) {
  return (
    <main class="page">
      <DashboardHeader pro={state.pro} csrf={state.csrf} />
      <h1>Your appointments</h1>
      <InstantCallForm csrf={state.csrf} />
      <LiveAppointments
        tzLabel={data.tz}
        rows={data.appointments.map((a) => ({
          id: a.id,
          iso: new Date(a.startsAt).toISOString(),
          when: formatDateTime(a.startsAt, data.tz),
          durationMin: a.durationMin,
          clientName: appointmentTitle(a),
          status: a.status,
        }))}
      />
      <NewAppointmentForm
        csrf={state.csrf}
        tz={data.tz}
        values={data.values}
        errors={data.errors}
      />
    </main>
  );
}
