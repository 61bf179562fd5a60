import type { PageProps } from "$fresh/server.ts";
import { ErrorPage } from "../components/ErrorPage.tsx";
import { isLocale } from "../i18n/locales.ts";
import { translator } from "../i18n/translator.ts";

/**
 * Shown when a route fails unexpectedly; details stay in the server log. It renders after the
 * request's scope has ended, so it takes the language from the state the middleware left.
 */
export default function ServerError({ state }: PageProps) {
  const { t } = translator(isLocale(state.locale) ? state.locale : "en");
  return <ErrorPage title={t("error.server.title")}>{t("error.server.body")}</ErrorPage>;
}
