import type { Knocker } from "../signaling/protocol.ts";

/** How a knock names a participant's role. */
export const KNOCK_ROLE_WORDS = { pro: "professional", client: "client", guest: "guest" } as const;

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
        {k.name} ({KNOCK_ROLE_WORDS[k.role]}) is waiting
        {props.where && <span class="muted">{` · ${props.where}`}</span>}
        {props.waited && <span class="waited" data-testid="waited">{` · ${props.waited}`}</span>}
      </span>{" "}
      <button type="button" class="button primary" onClick={props.onLetIn}>
        Let in<span class="sr-only">{` ${k.name}`}</span>
      </button>{" "}
      <button type="button" class="button" onClick={props.onDecline}>
        Not now<span class="sr-only">{` for ${k.name}`}</span>
      </button>
    </div>
  );
}
