import type { AppointmentField, NewAppointmentForm as FormValues } from "../domain/appointments.ts";
import { MAX_DURATION_MIN, MIN_DURATION_MIN } from "../domain/appointments.ts";
import { CSRF_FIELD } from "../utils/csrf_field.ts";
import { islandStrings } from "../i18n/island_strings.ts";
import TimeZoneSync from "../islands/TimeZoneSync.tsx";
import { t } from "../i18n/request_locale.ts";

/** The fields in the order the form shows them: the first one with an error gets the focus. */
const FIELD_ORDER: AppointmentField[] = ["clientName", "start", "durationMin", "clientEmail"];

/**
 * The "new appointment" form; works without JavaScript (times are then in `tz`). The planner's
 * "New appointment" action links to it (`#new-appointment`). Rendered with errors (a failed
 * submit) it starts with a summary linking to each field, and its first invalid field has
 * `autofocus`: the focus lands where the problem is, with its message read out beside it.
 */
export function NewAppointmentForm(props: {
  csrf: string;
  tz: string;
  values: FormValues;
  errors: Partial<Record<AppointmentField, string>>;
}) {
  const { values, errors } = props;
  const firstInvalid = FIELD_ORDER.find((name) => errors[name]);
  const focus = (name: AppointmentField) => name === firstInvalid ? { autofocus: true } : {};
  const field = (name: AppointmentField) =>
    errors[name]
      ? { "aria-invalid": "true" as const, "aria-describedby": `${name}-error`, ...focus(name) }
      : {};
  const problems = FIELD_ORDER.filter((name) => errors[name]);
  return (
    <form
      method="post"
      action="/dashboard"
      class="card new-appointment-form"
      id="new-appointment"
      tabindex={-1}
      aria-labelledby="new-appointment-title"
      novalidate
    >
      <h2 id="new-appointment-title">{t("dash.newAppointment")}</h2>
      {problems.length > 0 && (
        <div class="error-summary" data-testid="error-summary">
          <p>
            <strong>
              {t("dash.form.notCreated", { count: problems.length })}
            </strong>
          </p>
          <ul>
            {problems.map((name) => (
              <li key={name}>
                <a href={`#${name}`}>{errors[name]}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <TimeZoneSync
        serverTimeZone={props.tz}
        note={islandStrings("tz.").note}
        field
        reloadOnFirstVisit
      />
      <label for="clientName">{t("dash.form.clientName")}</label>
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
      <label for="start">{t("dash.form.start")}</label>
      <input
        id="start"
        name="start"
        type="datetime-local"
        required
        value={values.start}
        aria-describedby={errors.start ? "start-error tz-note" : "tz-note"}
        aria-invalid={errors.start ? "true" : undefined}
        {...focus("start")}
      />
      {errors.start && <p id="start-error" class="field-error">{errors.start}</p>}
      <label for="durationMin">{t("dash.form.duration")}</label>
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
      <label for="clientEmail">{t("dash.form.email")}</label>
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
        {...focus("clientEmail")}
      />
      <p class="muted" id="clientEmail-note">
        {t("dash.form.emailNote")}
      </p>
      {errors.clientEmail && <p id="clientEmail-error" class="field-error">{errors.clientEmail}</p>}
      <p>
        <button type="submit" class="primary">{t("dash.form.create")}</button>
      </p>
    </form>
  );
}
