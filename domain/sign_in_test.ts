import { equal, ok } from "node:assert/strict";
import { issueSignInLink, redeemSignInLink } from "./sign_in.ts";
import { openSqliteStore } from "./sqlite_store.ts";

Deno.test("a sign-in link signs in once, then says it was used", async () => {
  const store = openSqliteStore(":memory:");
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  const token = await issueSignInLink(store, ada.id, 60_000);
  const first = await redeemSignInLink(store, token);
  ok(first.ok);
  equal(first.professional.id, ada.id);
  const second = await redeemSignInLink(store, token);
  equal(second.ok, false);
  if (!second.ok) equal(second.status, 410);
  store.close();
});

Deno.test("expired, unknown, malformed and deactivated links are refused", async () => {
  const now = 5_000_000;
  const store = openSqliteStore(":memory:", () => now);
  const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
  const late = await issueSignInLink(store, ada.id, 60_000, now);
  const r = await redeemSignInLink(store, late, now + 60_000);
  equal(!r.ok && r.reason, "expired");
  const unknown = await redeemSignInLink(store, "A".repeat(43), now);
  equal(!unknown.ok && unknown.status, 401);
  for (const bad of [null, "", "short", "x".repeat(44), "!".repeat(43)]) {
    equal((await redeemSignInLink(store, bad, now)).ok, false);
  }
  const token = await issueSignInLink(store, ada.id, 60_000, now);
  await store.deactivateProfessional(ada.id);
  const off = await redeemSignInLink(store, token, now);
  equal(!off.ok && off.reason, "deactivated");
  equal(!off.ok && off.status, 403);
  store.close();
});
