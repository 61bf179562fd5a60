import { LANGUAGE_NAMES, type Locale, LOCALES } from "../i18n/locales.ts";
import { localeScope } from "../i18n/request_locale.ts";
import { translator } from "../i18n/translator.ts";

/**
 * The language switcher at the foot of every page: a plain GET form (no script), coming back to
 * the page it was on. Each language is named in itself.
 */
export function LanguageSwitcher(props: { locale: Locale }) {
  const { locale } = props;
  const { path } = localeScope();
  const { t } = translator(locale);
  return (
    <footer class="language-switcher">
      <form method="get" action="/language">
        <input type="hidden" name="back" value={path} />
        <label for="language-select">{t("language.label")}</label>{" "}
        <select id="language-select" name="lang" data-testid="language-select">
          {LOCALES.map((l) => (
            <option value={l} lang={l} selected={l === locale}>{LANGUAGE_NAMES[l]}</option>
          ))}
        </select>{" "}
        <button type="submit" class="button" data-testid="language-submit">
          {t("language.change")}
        </button>
      </form>
    </footer>
  );
}
