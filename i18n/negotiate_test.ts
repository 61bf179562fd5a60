import { equal as assertEquals } from "node:assert/strict";
import { localeFromAcceptLanguage, negotiateLocale } from "./negotiate.ts";

Deno.test("Accept-Language picks the best supported language", () => {
  assertEquals(localeFromAcceptLanguage("es-ES,es;q=0.9"), "es");
  assertEquals(localeFromAcceptLanguage("fr-FR"), "fr");
  assertEquals(localeFromAcceptLanguage("de-DE,fr;q=0.5,es;q=0.8"), "es");
  assertEquals(localeFromAcceptLanguage("en-US,en;q=0.9"), "en");
});

Deno.test("no usable Accept-Language means English", () => {
  assertEquals(localeFromAcceptLanguage(null), "en");
  assertEquals(localeFromAcceptLanguage("de-DE,ja"), "en");
  assertEquals(localeFromAcceptLanguage("*"), "en");
});

Deno.test("the switcher's cookie wins; a forged value is ignored", () => {
  const req = (cookie: string) =>
    new Request("http://x/", { headers: { cookie, "accept-language": "fr-FR" } });
  assertEquals(negotiateLocale(req("fd_lang=es")), "es");
  assertEquals(negotiateLocale(req("fd_lang=xx")), "fr");
  assertEquals(negotiateLocale(req("")), "fr");
});
