import type { AppointmentField, NewAppointmentForm as FormValues } from "../domain/appointments.ts";
import { MAX_DURATION_MIN, MIN_DURATION_MIN } from "../domain/appointments.ts";
import { CSRF_FIELD } from "../utils/csrf.ts";
import TimeZoneSync from "../islands/TimeZoneSync.tsx";

/** The "new appointment" form; works without JavaScript (times are then in `tz`). */
export function NewAppointmentForm(props: {
  csrf: string;
  tz: string;
  values: FormValues;
  errors: Partial<Record<AppointmentField, string>>;
}) {
  const { values, errors } = props;
  const field = (name: AppointmentField) =>
    errors[name] ? { "aria-invalid": "true" as const, "aria-describedby": `${name}-error` } : {};
  return (
    <form method="post" action="/dashboard" class="card" novalidate>
      <h2>New appointment</h2>
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <TimeZoneSync serverTimeZone={props.tz} field reloadOnFirstVisit />
      <label for="clientName">Client's name</label>
      <input
        id="clientName"
        name="clientName"
        autocomplete="off"
        maxLength={80}
        required
        value={values.clientName}
        {...field("clientName")}
      />
      {errors.clientName && <p id="clientName-error" class="field-error">{errors.clientName}</p>}
      <label for="start">Starts at</label>
      <input
        id="start"
        name="start"
        type="datetime-local"
        required
        value={values.start}
        aria-describedby={errors.start ? "start-error tz-note" : "tz-note"}
        aria-invalid={errors.start ? "true" : undefined}
      />
      {errors.start && <p id="start-error" class="field-error">{errors.start}</p>}
      <label for="durationMin">Duration (minutes)</label>
      <input
        id="durationMin"
        name="durationMin"
        type="number"
        min={MIN_DURATION_MIN}
        max={MAX_DURATION_MIN}
        step={5}
        required
        value={values.durationMin}
        {...field("durationMin")}
      />
      {errors.durationMin && <p id="durationMin-error" class="field-error">{errors.durationMin}</p>}
      <label for="clientEmail">Client's email (optional)</label>
      <input
        id="clientEmail"
        name="clientEmail"
        type="email"
        autocomplete="off"
        maxLength={254}
        value={values.clientEmail ?? ""}
        aria-describedby={errors.clientEmail
          ? "clientEmail-error clientEmail-note"
          : "clientEmail-note"}
        aria-invalid={errors.clientEmail ? "true" : undefined}
      />
      <p class="muted" id="clientEmail-note">
        To email the invitation with a calendar file, and its updates.
      </p>
      {errors.clientEmail && <p id="clientEmail-error" class="field-error">{errors.clientEmail}</p>}
      <p>
        <button type="submit" class="primary">Create appointment</button>
      </p>
    </form>
  );
}
