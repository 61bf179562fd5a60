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
      <h1>Your appointments</h1>
      <a class="button primary new-appointment" href="#new-appointment">New appointment</a>
      <form method="get" action="/dashboard" role="search" class="planner-search">
        <label for="q">Search by client name</label>
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
          <button type="submit">Search</button>
          {query !== "" && <a href="/dashboard">Clear search</a>}
        </span>
        {searchError && <p id="q-error" class="field-error">{searchError}</p>}
      </form>
    </div>
  );
}
