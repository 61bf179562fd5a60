import { CSRF_FIELD } from "../utils/csrf_field.ts";

/** A one-button POST form carrying the dashboard's CSRF token; works without JavaScript. */
export function PostButton(
  props: { action: string; csrf: string; label: string; danger?: boolean },
) {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <button type="submit" class={props.danger ? "danger" : undefined}>{props.label}</button>
    </form>
  );
}
