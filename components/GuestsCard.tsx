/**
 * The guests of an appointment on the professional's page: each with their own link to copy
 * (invited guests), "Withdraw link" (a new link, the old one stops) and "Remove"; visitors of
 * an instant call with whether they were let in; the seats taken; and the add-guest form.
 * Every action is a POST form with the CSRF token and works without JavaScript.
 */
import { GUEST_ROLE_SUGGESTIONS, MAX_ROLE_CHARS } from "../domain/guests.ts";
import { MAX_NAME_CHARS } from "../domain/names.ts";
import type { GuestFormState, ListedGuest } from "./appointment_page_data.ts";
import { CSRF_FIELD } from "../utils/csrf_field.ts";
import { PostButton } from "./PostButton.tsx";
import CopyLink from "../islands/CopyLink.tsx";
import { islandStrings } from "../i18n/island_strings.ts";
import { t } from "../i18n/request_locale.ts";

export interface GuestsCardProps {
  appointmentId: string;
  csrf: string;
  guests: ListedGuest[];
  seats: { taken: number; max: number };
  form: GuestFormState;
}

function GuestRow(props: { base: string; csrf: string; listed: ListedGuest }) {
  const { guest: g, link } = props.listed;
  const base = `${props.base}/${encodeURIComponent(g.id)}`;
  return (
    <li class="guest" data-guest-id={g.id}>
      <p>
        <strong>{g.name}</strong> ({g.role})
        {g.origin === "visitor" && (
          <span class="muted">
            {` · ${t("guests.viaLink")} · ${
              t(g.admittedAt === null ? "guests.notLetIn" : "guests.letIn")
            }`}
          </span>
        )}
      </p>
      {link && (
        <CopyLink
          strings={islandStrings("copy.")}
          url={link}
          label={t("guests.copyLink", { name: g.name })}
        />
      )}
      <div class="actions">
        {link && (
          <PostButton action={`${base}/revoke`} csrf={props.csrf} label={t("guests.withdraw")} />
        )}
        <PostButton action={`${base}/remove`} csrf={props.csrf} label={t("guests.remove")} danger />
      </div>
    </li>
  );
}

export function GuestsCard(props: GuestsCardProps) {
  const { values, errors } = props.form;
  const base = `/dashboard/appointments/${encodeURIComponent(props.appointmentId)}/guests`;
  const field = (name: "name" | "role") =>
    errors[name]
      ? { "aria-invalid": "true" as const, "aria-describedby": `guest-${name}-error` }
      : {};
  const full = props.seats.taken >= props.seats.max;
  return (
    <section class="card" id="guests" aria-labelledby="guests-heading">
      <h2 id="guests-heading">{t("guests.title")}</h2>
      <p class="muted" data-seats={`${props.seats.taken}/${props.seats.max}`}>
        {t("guests.seats", { taken: props.seats.taken, max: props.seats.max })}
        {full && ` ${t("guests.full")}`}
      </p>
      {props.guests.length > 0 && (
        <ul class="guests">
          {props.guests.map((g) => (
            <GuestRow key={g.guest.id} base={base} csrf={props.csrf} listed={g} />
          ))}
        </ul>
      )}
      <form method="post" action={base} novalidate>
        <h3>{t("guests.add")}</h3>
        <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
        <label for="guest-name">{t("guests.name")}</label>
        <input
          id="guest-name"
          name="name"
          autocomplete="off"
          maxLength={MAX_NAME_CHARS}
          required
          value={values.name}
          {...field("name")}
        />
        {errors.name && <p id="guest-name-error" class="field-error">{errors.name}</p>}
        <label for="guest-role">{t("guests.role")}</label>
        <input
          id="guest-role"
          name="role"
          list="guest-roles"
          autocomplete="off"
          maxLength={MAX_ROLE_CHARS}
          placeholder={t("guests.rolePlaceholder")}
          required
          value={values.role}
          {...field("role")}
        />
        <datalist id="guest-roles">
          {GUEST_ROLE_SUGGESTIONS.map((r) => <option key={r} value={r} />)}
        </datalist>
        {errors.role && <p id="guest-role-error" class="field-error">{errors.role}</p>}
        <p>
          <button type="submit">{t("guests.addButton")}</button>
        </p>
      </form>
    </section>
  );
}
