import type { AppProps } from "$fresh/server.ts";
import { Document } from "../components/Document.tsx";
import { isLocale } from "../i18n/locales.ts";

/** The outer HTML document of every page, in the language routes/_middleware.ts picked. */
export default function App({ Component, state }: AppProps) {
  return (
    <Document locale={isLocale(state.locale) ? state.locale : undefined}>
      <Component />
    </Document>
  );
}
