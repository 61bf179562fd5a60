import type { Knocker } from "../signaling/protocol.ts";
import { lw } from "./live_words.ts";

/**
 * "Maria (guest) is waiting — Let in / Not now": one person knocking, with the professional's
 * two answers. `where` names the call when several could be meant (the dashboard).
 */
export function KnockNotice(
  props: {
    knocker: Knocker;
    where?: string;
    /** How long they have knocked, e.g. "waiting 3 min". */
    waited?: string;
    onLetIn: () => void;
    onDecline: () => void;
    class?: string;
    testId?: string;
  },
) {
  const k = props.knocker;
  return (
    <div
      class={props.class ?? "notice knock"}
      role="alert"
      data-testid={props.testId ?? "knock"}
      data-id={k.id}
    >
      <span>
        {lw("knock", { name: k.name, role: lw(`role.${k.role}`) })}
        {props.where && <span class="muted">{` · ${props.where}`}</span>}
        {props.waited && <span class="waited" data-testid="waited">{` · ${props.waited}`}</span>}
      </span>{" "}
      <button type="button" class="button primary" onClick={props.onLetIn}>
        {lw("letIn")}
        <span class="sr-only">{` ${k.name}`}</span>
      </button>{" "}
      <button type="button" class="button" onClick={props.onDecline}>
        {lw("notNow")}
        <span class="sr-only">{` ${lw("notNowFor", { name: k.name })}`}</span>
      </button>
    </div>
  );
}
