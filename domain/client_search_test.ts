import { deepEqual, equal, match } from "node:assert/strict";
import { matchesClient, parseClientSearch } from "./client_search.ts";

const named = (clientName: string) => ({ kind: "scheduled" as const, clientName });

Deno.test("parseClientSearch trims; blank means no search", () => {
  deepEqual(parseClientSearch(null), { ok: true, query: "" });
  deepEqual(parseClientSearch("  ada "), { ok: true, query: "ada" });
});

Deno.test("parseClientSearch refuses too long or invisible text with a clear reason", () => {
  const long = parseClientSearch("a".repeat(81));
  equal(long.ok, false);
  match(!long.ok ? long.error : "", /at most 80 characters/);
  const hidden = parseClientSearch("ad\u202Ea");
  match(!hidden.ok ? hidden.error : "", /visible characters/);
});

Deno.test("matchesClient ignores case and accents; finds instant calls by their title", () => {
  equal(matchesClient(named("Zoë O'Brien"), "zoe"), true);
  equal(matchesClient(named("Zoë O'Brien"), "BRIEN"), true);
  equal(matchesClient(named("Ada Lovelace"), "zoe"), false);
  equal(matchesClient(named("Ada"), ""), true);
  equal(matchesClient({ kind: "instant", clientName: "" }, "instant"), true);
});
