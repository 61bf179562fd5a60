/**
 * The professional's day planner: the waiting queue, "Next up", Today / Upcoming / Past with
 * their live status, search by client name (`?q=`), and the form to create an appointment.
 * Everything works without JavaScript; after a failed submit the form comes first, its first
 * invalid field focused (`autofocus`) with the errors beside it.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import { asset, Head } from "$fresh/runtime.ts";
import type { Appointment } from "../../domain/store.ts";
import {
  type AppointmentField,
  appointmentTitle,
  type NewAppointmentForm as FormValues,
  validateNewAppointment,
} from "../../domain/appointments.ts";
import { appContext } from "../../app/app_context.ts";
import { type DashboardState, readTrustedForm } from "../../web/dashboard_state.ts";
import { isTimeZone, toLocalInput, viewerTimeZone } from "../../web/time.ts";
import { NewAppointmentForm } from "../../components/NewAppointmentForm.tsx";
import LiveAppointments, { type LiveRow } from "../../islands/LiveAppointments.tsx";
import { formatClock, formatDateTime } from "../../web/time.ts";
import { type DayGroup, localDay, PAST_DAYS, planDay } from "../../domain/day_plan.ts";
import { matchesClient, parseClientSearch } from "../../domain/client_search.ts";
import { joinWindow } from "../../domain/appointments.ts";
import { PlannerToolbar } from "../../components/PlannerToolbar.tsx";
import { DashboardHeader } from "../../components/DashboardHeader.tsx";
import { InstantCallForm } from "../../components/InstantCallForm.tsx";
import { currentLocale, t } from "../../i18n/request_locale.ts";
import { islandStrings } from "../../i18n/island_strings.ts";

interface Data {
  rows: LiveRow[];
  nextUpId: string | null;
  renderedAt: number;
  tz: string;
  query: string;
  searchError?: string;
  values: FormValues;
  errors: Partial<Record<AppointmentField, string>>;
}

const DAY_MS = 24 * 3_600_000;

/** A planner row, its times formatted in `tz` (the time alone when it is today's). */
function rowOf(a: Appointment, group: DayGroup, now: number, tz: string): LiveRow {
  const today = localDay(now, tz);
  const locale = currentLocale();
  const shown = (ms: number) =>
    localDay(ms, tz) === today ? formatClock(ms, tz, locale) : formatDateTime(ms, tz, { locale });
  return {
    id: a.id,
    iso: new Date(a.startsAt).toISOString(),
    startsAt: a.startsAt,
    when: group === "today"
      ? formatClock(a.startsAt, tz, locale)
      : formatDateTime(a.startsAt, tz, { locale }),
    opensAt: shown(joinWindow(a).opensAt),
    durationMin: a.durationMin,
    clientName: appointmentTitle(a),
    status: a.status,
    group,
  };
}

async function page(
  req: Request,
  ctx: FreshContext<DashboardState, Data>,
  form?: { values: FormValues; errors: Data["errors"] },
  status = 200,
) {
  const tz = viewerTimeZone(req, ctx.state.pro.timeZone);
  const now = Date.now();
  const search = parseClientSearch(new URL(req.url).searchParams.get("q"));
  const query = search.ok ? search.query : "";
  const appointments = (await appContext().store.listAppointments(
    ctx.state.pro.id,
    now - PAST_DAYS * DAY_MS,
  )).filter((a) => matchesClient(a, query));
  const plan = planDay(appointments, now, tz);
  const rows = [
    ...plan.today.map((a) => rowOf(a, "today", now, tz)),
    ...plan.upcoming.map((a) => rowOf(a, "upcoming", now, tz)),
    ...plan.past.map((a) => rowOf(a, "past", now, tz)),
  ];
  const values = form?.values ?? {
    clientName: "",
    clientEmail: "",
    start: toLocalInput(Math.ceil(now / 900_000) * 900_000, tz),
    durationMin: "30",
  };
  return ctx.render({
    rows,
    nextUpId: query === "" ? plan.nextUp?.id ?? null : null,
    renderedAt: now,
    tz,
    query: search.ok ? search.query : new URL(req.url).searchParams.get("q") ?? "",
    searchError: search.ok ? undefined : search.error,
    values,
    errors: form?.errors ?? {},
  }, { status: search.ok ? status : 400 });
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
      // Until the client opens their link, mails go out in the booking page's language.
      clientLocale: currentLocale(),
    });
    return new Response(null, {
      status: 303,
      headers: { Location: `/dashboard/appointments/${appt.id}` },
    });
  },
};

export default function Dashboard({ data, state }: PageProps<Data, DashboardState>) {
  const failed = Object.keys(data.errors).length > 0;
  const form = (
    <NewAppointmentForm
      csrf={state.csrf}
      tz={data.tz}
      values={data.values}
      errors={data.errors}
    />
  );
  return (
    <main class="page planner">
      <Head>
        <link rel="stylesheet" href={asset("/planner.css")} />
      </Head>
      <DashboardHeader pro={state.pro} csrf={state.csrf} />
      <PlannerToolbar query={data.query} searchError={data.searchError} />
      {failed && form}
      {data.query !== "" && (
        <p class="search-summary" data-testid="search-summary">
          {data.rows.length === 0
            ? t("dash.search.none", { query: data.query })
            : t("dash.search.count", { count: data.rows.length, query: data.query })}
        </p>
      )}
      <LiveAppointments
        tzLabel={data.tz}
        rows={data.rows}
        nextUpId={data.nextUpId}
        renderedAt={data.renderedAt}
        words={islandStrings("live.")}
        callWords={islandStrings("call.")}
      />
      {!failed && form}
      <InstantCallForm csrf={state.csrf} />
    </main>
  );
}
