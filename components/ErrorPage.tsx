import type { ComponentChildren } from "preact";

/** A plain, friendly page for errors and refused links. */
export function ErrorPage(props: { title: string; children: ComponentChildren }) {
  return (
    <main class="page narrow">
      <p class="brand">
        <a href="/">Frontdesk</a>
      </p>
      <h1>{props.title}</h1>
      <p class="lead">{props.children}</p>
    </main>
  );
}
