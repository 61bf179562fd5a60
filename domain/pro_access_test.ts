/** A professional's sessions and dashboard links against their session version and status. */
import { equal, ok } from "node:assert/strict";
import { resolveProLink, resolveProSession } from "./links.ts";
import { openSqliteStore } from "./sqlite_store.ts";
import { signProLink, signSession } from "./tokens.ts";

const SECRET = new TextEncoder().encode("a-test-secret-that-is-long-enough-000000");

Deno.test("sign out everywhere refuses older sessions and links; newer ones work", async () => {
  const store = openSqliteStore(":memory:");
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  const oldLink = await signProLink(SECRET, ada.id, Date.now(), 1);
  const oldSession = await signSession(SECRET, { kind: "pro-session", professionalId: ada.id });
  ok((await resolveProSession(store, SECRET, oldSession)).ok);
  const bumped = await store.bumpSessionVersion(ada.id);
  for (
    const r of [
      await resolveProSession(store, SECRET, oldSession),
      await resolveProLink(store, SECRET, oldLink),
    ]
  ) {
    equal(r.ok, false);
    if (!r.ok) {
      equal(r.reason, "signed_out");
      equal(r.status, 410);
    }
  }
  const fresh = await signSession(SECRET, {
    kind: "pro-session",
    professionalId: ada.id,
    sessionVersion: bumped.sessionVersion,
  });
  ok((await resolveProSession(store, SECRET, fresh)).ok);
  store.close();
});

Deno.test("a deactivated professional's links and sessions are refused with 403", async () => {
  const store = openSqliteStore(":memory:");
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  const link = await signProLink(SECRET, ada.id);
  await store.deactivateProfessional(ada.id);
  const r = await resolveProLink(store, SECRET, link);
  equal(r.ok, false);
  if (!r.ok) {
    equal(r.reason, "deactivated");
    equal(r.status, 403);
  }
  store.close();
});
