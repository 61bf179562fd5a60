/**
 * A server-rendered "Are you sure?" page for a dashboard action that cannot be undone (cancel an
 * appointment, revoke its link): what will happen, the form that does it (with the dashboard's
 * CSRF token and any fields of its own, e.g. an optional reason) and a way back. Works without
 * JavaScript.
 */
import type { ComponentChildren } from "preact";
import { CSRF_FIELD } from "../utils/csrf_field.ts";
import type { DashboardState } from "./dashboard_state.ts";
import { DashboardHeader } from "./DashboardHeader.tsx";

export function ConfirmPage(props: {
  state: DashboardState;
  title: string;
  /** What will happen, in plain words. */
  explanation: ComponentChildren;
  action: string;
  submitLabel: string;
  danger?: boolean;
  backHref: string;
  backLabel: string;
  /** Fields of the form, above its buttons. */
  children?: ComponentChildren;
}) {
  return (
    <main class="page narrow">
      <DashboardHeader pro={props.state.pro} csrf={props.state.csrf} />
      <h1>{props.title}</h1>
      <div class="card" data-testid="confirm">
        {props.explanation}
        <form method="post" action={props.action} novalidate>
          <input type="hidden" name={CSRF_FIELD} value={props.state.csrf} />
          {props.children}
          <div class="actions">
            <button type="submit" class={props.danger ? "danger" : undefined}>
              {props.submitLabel}
            </button>
            <a class="button" href={props.backHref}>{props.backLabel}</a>
          </div>
        </form>
      </div>
    </main>
  );
}
