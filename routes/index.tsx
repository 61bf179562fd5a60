import { code, linkTo } from "../i18n/rich_tags.tsx";
import { rich, t } from "../i18n/request_locale.ts";

/** Landing page: what Frontdesk is and how a professional gets started. No island, no script. */
export default function Home() {
  return (
    <main class="page">
      <p class="brand">Frontdesk</p>
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.lead")}</p>
      <p>
        <a class="button primary" href="/login">{t("home.signIn")}</a>
      </p>
      <h2>{t("home.startTitle")}</h2>
      <ol class="steps">
        <li>{rich("home.step1", { code })}</li>
        <li>{rich("home.step2", { link: linkTo("/login") })}</li>
        <li>{t("home.step3")}</li>
        <li>{t("home.step4")}</li>
      </ol>
      <h2>{t("home.clientsTitle")}</h2>
      <p>{t("home.clients")}</p>
    </main>
  );
}
