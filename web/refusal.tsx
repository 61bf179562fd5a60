/**
 * A complete human page for a refused request (bad link, no session, bad
 * form token), for places that cannot call `ctx.render` — middleware and
 * handlers of routes without a page. It never carries a script.
 */
import { renderToString } from "preact-render-to-string";
import { Document } from "../components/Document.tsx";
import { ErrorPage, type NextStep } from "../components/ErrorPage.tsx";
import { t } from "../i18n/request_locale.ts";

/** A refusal: status, title and plain-words message. */
export interface Refusal {
  status: number;
  title: string;
  message: string;
  /** A link to what to do next (e.g. sign in). */
  next?: NextStep;
}

/** Renders `refusal` as an HTML response with its status. */
export function refusalResponse(refusal: Refusal, headers?: HeadersInit): Response {
  const html = "<!DOCTYPE html>" + renderToString(
    <Document title={`${refusal.title} · Frontdesk`}>
      <ErrorPage title={refusal.title} next={refusal.next}>{refusal.message}</ErrorPage>
    </Document>,
  );
  const h = new Headers(headers);
  h.set("Content-Type", "text/html; charset=utf-8");
  h.set("Cache-Control", "no-store");
  return new Response(html, { status: refusal.status, headers: h });
}

/** Title shown above a link refusal's message. */
export function linkRefusalTitle(status: number): string {
  return t(status === 410 ? "refusal.titleOver" : "refusal.titleRefused");
}

/** The page for a refused link or session (its status and plain-words message). */
export function linkRefusalResponse(
  failure: { status: number; message: string },
  next?: NextStep,
): Response {
  return refusalResponse({
    status: failure.status,
    title: linkRefusalTitle(failure.status),
    message: failure.message,
    next,
  });
}

/** The next step of every page that says a professional is not signed in. */
export function signInStep(): NextStep {
  return { href: "/login", label: t("refusal.signIn") };
}
