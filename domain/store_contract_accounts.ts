/** Contract cases: professionals' accounts (email, time zone, sessions) and sign-in links. */
import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { isPlaceholderEmail } from "./emails.ts";
import { DuplicateEmailError } from "./store.ts";
import type { ContractTest } from "./store_contract.ts";

/** Registers the contract's accountsContract cases. */
export function accountsContract(test: ContractTest): void {
  test("professionals have a unique email; without one they get a placeholder", async (open) => {
    const { store } = await open();
    const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
    equal((await store.findProfessionalByEmail("ada@example.com"))?.id, ada.id);
    equal((await store.getProfessional(ada.id))?.email, "ada@example.com");
    await rejects(
      store.createProfessional("Ada 2", { email: "ada@example.com" }),
      DuplicateEmailError,
    );
    const demo = await store.createProfessional("Demo");
    ok(isPlaceholderEmail(demo.email));
    await rejects(store.setProfessionalEmail(demo.id, "ada@example.com"), DuplicateEmailError);
    equal(
      (await store.setProfessionalEmail(demo.id, "demo@example.org")).email,
      "demo@example.org",
    );
  });

  test("a sign-in link is claimed once, and not after it expired", async (open) => {
    let now = 1_000_000;
    const { store } = await open({ now: () => now });
    const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
    await store.createSignInLink(ada.id, "h1", now + 60_000);
    await store.createSignInLink(ada.id, "h2", now + 60_000);
    deepEqual(await store.claimSignInLink("h1", now), { ok: true, professionalId: ada.id });
    deepEqual(await store.claimSignInLink("h1", now), { ok: false, reason: "used" });
    deepEqual(await store.claimSignInLink("nope", now), { ok: false, reason: "unknown" });
    now += 60_000;
    deepEqual(await store.claimSignInLink("h2", now), { ok: false, reason: "expired" });
  });

  test("sign out everywhere bumps the version and voids unused links; deactivate", async (open) => {
    const now = 1_000_000;
    const { store } = await open({ now: () => now });
    const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
    equal(ada.sessionVersion, 1);
    await store.createSignInLink(ada.id, "h1", now + 60_000);
    equal((await store.bumpSessionVersion(ada.id)).sessionVersion, 2);
    deepEqual(await store.claimSignInLink("h1", now), { ok: false, reason: "used" });
    const off = await store.deactivateProfessional(ada.id);
    equal(off.deactivatedAt, now);
    equal((await store.deactivateProfessional(ada.id)).deactivatedAt, now);
  });

  test("a professional has no time zone until one is given, then keeps it", async (open) => {
    const { store } = await open();
    const ada = await store.createProfessional("Ada", { email: "ada@example.com" });
    equal(ada.timeZone, null);
    await store.setProfessionalTimeZone(ada.id, "America/New_York");
    equal((await store.getProfessional(ada.id))?.timeZone, "America/New_York");
    await rejects(store.setProfessionalTimeZone("nobody", "UTC"));
  });

  test("two stores claiming one link at once: exactly one claim wins", async (open) => {
    const { store: a, another } = await open({ shared: true });
    const b = await another();
    const ada = await a.createProfessional("Ada", { email: "ada@example.com" });
    await a.createSignInLink(ada.id, "h", Date.now() + 60_000);
    const now = Date.now();
    // Five clicks through each store at once.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).claimSignInLink("h", now)),
    );
    equal(results.filter((r) => r.ok).length, 1);
    ok(results.every((r) => r.ok || r.reason === "used"));
  });
}
