import { CSRF_FIELD } from "../utils/csrf.ts";

/** "Start an instant call": a call that starts now, with one link to share (POST, CSRF). */
export function InstantCallForm(props: { csrf: string }) {
  return (
    <form method="post" action="/dashboard/instant-call" class="card instant-call">
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <p>
        Need to talk now? Start a call and share its link: whoever opens it types their name, and
        you let them in.
      </p>
      <p>
        <button type="submit" class="primary">Start an instant call</button>
      </p>
    </form>
  );
}
