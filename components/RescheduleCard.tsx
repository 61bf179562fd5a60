/**
 * "Move the appointment": a new start (in the professional's zone) and length. A client with an
 * address on file is sent the update with its calendar file; the client link stays the same
 * person's, signed for the new time. Works without JavaScript.
 */
import type { PageNotice, RescheduleFormState } from "./appointment_page_data.ts";
import { MAX_DURATION_MIN, MIN_DURATION_MIN } from "../domain/appointments.ts";
import { CSRF_FIELD } from "../utils/csrf_field.ts";
import { islandStrings } from "../i18n/island_strings.ts";
import TimeZoneSync from "../islands/TimeZoneSync.tsx";
import { t } from "../i18n/request_locale.ts";

export function RescheduleCard(
  props: {
    appointmentId: string;
    csrf: string;
    tz: string;
    form: RescheduleFormState;
    notice: PageNotice;
  },
) {
  const { values, errors } = props.form;
  return (
    <section class="card" id="reschedule" aria-labelledby="reschedule-heading">
      <h2 id="reschedule-heading">{t("move.title")}</h2>
      <form method="post" action={`/dashboard/appointments/${props.appointmentId}/reschedule`}>
        <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
        <TimeZoneSync serverTimeZone={props.tz} note={islandStrings("tz.").note} field />
        <label for="reschedule-start">{t("move.start")}</label>
        <input
          id="reschedule-start"
          name="start"
          type="datetime-local"
          required
          value={values.start}
          aria-invalid={errors.start ? "true" : undefined}
          aria-describedby={errors.start ? "reschedule-start-error tz-note" : "tz-note"}
        />
        {errors.start && <p id="reschedule-start-error" class="field-error">{errors.start}</p>}
        <label for="reschedule-duration">{t("dash.form.duration")}</label>
        <input
          id="reschedule-duration"
          name="durationMin"
          type="number"
          min={MIN_DURATION_MIN}
          max={MAX_DURATION_MIN}
          step={5}
          required
          value={values.durationMin}
          aria-invalid={errors.durationMin ? "true" : undefined}
          aria-describedby={errors.durationMin ? "reschedule-duration-error" : undefined}
        />
        {errors.durationMin && (
          <p id="reschedule-duration-error" class="field-error">{errors.durationMin}</p>
        )}
        <p class="actions">
          <button type="submit">{t("move.button")}</button>
        </p>
      </form>
      {props.notice.moved && (
        <p role="status" class="notice" data-testid="moved">
          {t(props.notice.mail?.sent ? "move.done.mailed" : "move.done")}
        </p>
      )}
    </section>
  );
}
