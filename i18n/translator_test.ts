import { equal } from "node:assert/strict";
import { translator } from "./translator.ts";
import { currentLocale, t, withLocale } from "./request_locale.ts";

Deno.test("translator formats a message with its placeholders in each language", () => {
  equal(translator("en").t("link.revoked", { sender: "Ada" }).includes("Ask Ada"), true);
  equal(translator("es").t("link.revoked", { sender: "Ada" }).includes("Pida a Ada"), true);
  equal(translator("fr").t("link.revoked", { sender: "Ada" }).endsWith("à Ada."), true);
});

Deno.test("t() speaks the language of the scope it runs in, English outside one", async () => {
  equal(currentLocale(), "en");
  equal(t("error.notFound.title"), "Page not found");
  await withLocale("fr", async () => {
    await Promise.resolve();
    equal(t("error.notFound.title"), "Page introuvable");
  });
  equal(t("error.notFound.title"), "Page not found");
});
