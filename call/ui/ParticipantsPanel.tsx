import { useSignal } from "@preact/signals";
import type { RemoteParticipant } from "../call_controller.ts";
import { Icon } from "./icons.tsx";
import { roleWord } from "./role_words.ts";
import { w } from "./words.ts";

/**
 * Who is in the call: you first, then everyone else with their role, and whether their
 * microphone is off or they are reconnecting. Kept in the page while closed (`hidden`). With
 * `onRemove` (the professional), each person has "Remove", which asks once more in the row
 * before removing them and stopping their link.
 */
export function ParticipantsPanel(props: {
  remotes: RemoteParticipant[];
  micOn: boolean;
  open: boolean;
  onClose(): void;
  onRemove?: (id: string) => void;
}) {
  const count = props.remotes.length + 1;
  /** The person whose removal waits for "Remove" to be confirmed. */
  const confirming = useSignal<string | null>(null);
  return (
    <section
      id="call-participants"
      class="stage-panel"
      aria-labelledby="call-participants-title"
      hidden={!props.open}
      data-testid="participants-panel"
    >
      <header class="stage-panel-head">
        <h2 id="call-participants-title">{w("inTheCall", { count })}</h2>
        <button type="button" class="stage-panel-close" onClick={props.onClose}>
          {w("close")}
        </button>
      </header>
      <ul class="stage-panel-body people-list">
        <li>
          <span class="people-name">{w("you")}</span>
          {!props.micOn && <MicOff />}
        </li>
        {props.remotes.map((r) => (
          <li key={r.id} data-participant={r.id}>
            <span class="people-name">{r.name}</span>
            <span class="people-role">({r.label ?? roleWord(r.role)})</span>
            {r.presence === "away" && <span class="people-role">{w("reconnectingLower")}</span>}
            {r.media?.audio === false && <MicOff />}
            {props.onRemove && confirming.value !== r.id && (
              <button
                type="button"
                class="btn people-remove"
                aria-label={w("removeFrom", { name: r.name })}
                onClick={() => confirming.value = r.id}
              >
                {w("remove")}
              </button>
            )}
            {props.onRemove && confirming.value === r.id && (
              <span
                class="people-confirm"
                role="group"
                aria-label={w("removeConfirm", { name: r.name })}
              >
                <span>{w("removeWarn", { name: r.name })}</span>
                <button
                  type="button"
                  class="btn danger"
                  data-testid="remove-confirm"
                  onClick={() => {
                    confirming.value = null;
                    props.onRemove!(r.id);
                  }}
                >
                  {w("remove")}
                </button>
                <button
                  type="button"
                  class="btn"
                  onClick={() => confirming.value = null}
                >
                  {w("cancel")}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function MicOff() {
  return (
    <span class="tile-muted" role="img" aria-label={w("micOff")}>
      <Icon name="mic-off" />
    </span>
  );
}
