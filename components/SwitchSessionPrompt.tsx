import type { ComponentChildren } from "preact";
import { CSRF_FIELD } from "../utils/csrf_field.ts";

/** What the switch question shows; every text is plain, the token goes in the form body only. */
export interface SwitchSessionPromptProps {
  title: string;
  /** Who or where this browser is now. */
  current: ComponentChildren;
  /** What the opened link would switch to. */
  next: ComponentChildren;
  /** Where the confirming form posts (the link's own path, without its token). */
  action: string;
  /** The link token, sent again in the POST body. */
  token: string;
  /** The switch form's CSRF token, bound to the current session. */
  csrf: string;
  confirmLabel: string;
  /** Where "stay" leads, and its label. */
  stayHref: string;
  stayLabel: string;
}

/**
 * Asks before a link replaces the session this browser already has, so a
 * link planted by another site cannot silently sign someone in as someone
 * else. Works without JavaScript.
 */
export function SwitchSessionPrompt(props: SwitchSessionPromptProps) {
  return (
    <main class="page narrow">
      <p class="brand">Frontdesk</p>
      <h1>{props.title}</h1>
      <p class="lead">{props.current}</p>
      <p>{props.next}</p>
      <p class="muted">
        If you did not mean to open a different link, stay where you are.
      </p>
      <div class="actions">
        <form method="post" action={props.action}>
          <input type="hidden" name="token" value={props.token} />
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <button type="submit" class="primary">{props.confirmLabel}</button>
        </form>
        <a class="button" href={props.stayHref}>{props.stayLabel}</a>
      </div>
    </main>
  );
}
