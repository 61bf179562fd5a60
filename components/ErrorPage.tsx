import type { ComponentChildren } from "preact";

/** Where an error page sends people next, e.g. `{ href: "/login", label: "Sign in" }`. */
export interface NextStep {
  href: string;
  label: string;
}

/** A plain, friendly page for errors and refused links, with an optional next step. */
export function ErrorPage(
  props: { title: string; children: ComponentChildren; next?: NextStep },
) {
  return (
    <main class="page narrow">
      <p class="brand">
        <a href="/">Frontdesk</a>
      </p>
      <h1>{props.title}</h1>
      <p class="lead">{props.children}</p>
      {props.next && (
        <p>
          <a class="button primary" href={props.next.href}>{props.next.label}</a>
        </p>
      )}
    </main>
  );
}
