import { ErrorPage } from "../components/ErrorPage.tsx";
import { t } from "../i18n/request_locale.ts";

/** Shown for any path that matches no route or static file. */
export default function NotFound() {
  return <ErrorPage title={t("error.notFound.title")}>{t("error.notFound.body")}</ErrorPage>;
}
