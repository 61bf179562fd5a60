import type { ComponentChildren } from "preact";
import { asset } from "$fresh/runtime.ts";
import { currentLocale } from "../i18n/request_locale.ts";
import type { Locale } from "../i18n/locales.ts";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";

/**
 * The outer HTML document: used by `routes/_app.tsx` and by standalone refusal pages. It is in
 * the request's language (`<html lang>`), with the language switcher at its foot.
 */
export function Document(
  props: { children: ComponentChildren; title?: string; locale?: Locale },
) {
  // `locale` is given where the request's scope has ended (the _500 page).
  const locale = props.locale ?? currentLocale();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{props.title ?? "Frontdesk"}</title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body>
        {props.children}
        <LanguageSwitcher locale={locale} />
      </body>
    </html>
  );
}
