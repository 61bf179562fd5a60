import { t } from "../i18n/request_locale.ts";

/**
 * The top of the planner: its title, the "New appointment" action and the search by client
 * name (a GET form, so it works without JavaScript and the results have their own address).
 */
export function PlannerToolbar(props: {
  query: string;
  /** Why the search could not be used, shown on its field. */
  searchError?: string;
}) {
  const { query, searchError } = props;
  return (
    <div class="planner-toolbar">
      <h1>{t("dash.title")}</h1>
      <a class="button primary new-appointment" href="#new-appointment">
        {t("dash.newAppointment")}
      </a>
      <form method="get" action="/dashboard" role="search" class="planner-search">
        <label for="q">{t("dash.search")}</label>
        <span class="search-row">
          <input
            id="q"
            name="q"
            type="search"
            value={query}
            autocomplete="off"
            aria-invalid={searchError ? "true" : undefined}
            aria-describedby={searchError ? "q-error" : undefined}
          />
          <button type="submit">{t("dash.searchButton")}</button>
          {query !== "" && <a href="/dashboard">{t("dash.clearSearch")}</a>}
        </span>
        {searchError && <p id="q-error" class="field-error">{searchError}</p>}
      </form>
    </div>
  );
}
