/**
 * The notices over the stage's tiles: device problems, someone knocking (Let in / Not now), who
 * left, media notices, "you are sharing your screen" and a failed End for everyone. They read
 * their own signals, so a notice redraws only this (see CallStage.tsx).
 */
import type { CallController } from "../call_controller.ts";
import type { Departures } from "../departures.ts";
import { MediaHelp } from "./MediaHelp.tsx";
import { roleWord } from "./role_words.ts";
import { w } from "./words.ts";

export function StageNotices(props: { call: CallController; departures: Departures }) {
  const c = props.call;
  return (
    <>
      <MediaHelp problem={c.media.problem.value} />
      {c.knocks.value.map((k) => (
        <div
          class="stage-notice knock"
          role="alert"
          key={k.id}
          data-testid="knock"
          data-id={k.id}
        >
          <span>{w("knock", { name: k.name, role: roleWord(k.role) })}</span>{" "}
          <button type="button" class="btn primary" onClick={() => c.letIn(k.id)}>
            {w("letIn")}
          </button>{" "}
          <button type="button" class="btn" onClick={() => c.decline(k.id)}>
            {w("notNow")}
          </button>
        </div>
      ))}
      {props.departures.notices.value.map((n) => (
        <p class="stage-notice" key={n.id} data-testid="departure">{n.text}</p>
      ))}
      {c.media.notice.value && <p class="stage-notice" role="status">{c.media.notice.value}</p>}
      {c.screen.sharing.value && (
        <p class="stage-notice" role="status" data-testid="sharing-notice">
          {w("sharingNotice")}
        </p>
      )}
      {c.endFailed.value && (
        <p class="stage-notice warn" role="alert" data-testid="end-failed">
          {w("endFailed")}
        </p>
      )}
    </>
  );
}
