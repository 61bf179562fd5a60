import type { Professional } from "../domain/store.ts";

/** Top bar of every dashboard page. */
export function DashboardHeader(props: { pro: Professional }) {
  return (
    <header class="topbar">
      <a class="brand" href="/dashboard">Frontdesk</a>
      <span class="muted">Signed in as {props.pro.name}</span>
    </header>
  );
}
