import { useSignal } from "@preact/signals";
import type { RemoteParticipant } from "../call_controller.ts";
import { Icon } from "./icons.tsx";
import { ROLE_WORDS } from "./role_words.ts";

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
        <h2 id="call-participants-title">In the call ({count})</h2>
        <button type="button" class="stage-panel-close" onClick={props.onClose}>Close</button>
      </header>
      <ul class="stage-panel-body people-list">
        <li>
          <span class="people-name">You</span>
          {!props.micOn && <MicOff />}
        </li>
        {props.remotes.map((r) => (
          <li key={r.id} data-participant={r.id}>
            <span class="people-name">{r.name}</span>
            <span class="people-role">({r.label ?? ROLE_WORDS[r.role]})</span>
            {r.presence === "away" && <span class="people-role">reconnecting…</span>}
            {r.media?.audio === false && <MicOff />}
            {props.onRemove && confirming.value !== r.id && (
              <button
                type="button"
                class="btn people-remove"
                aria-label={`Remove ${r.name} from the call`}
                onClick={() => confirming.value = r.id}
              >
                Remove
              </button>
            )}
            {props.onRemove && confirming.value === r.id && (
              <span class="people-confirm" role="group" aria-label={`Remove ${r.name}?`}>
                <span>Remove {r.name}? Their link stops working.</span>
                <button
                  type="button"
                  class="btn danger"
                  data-testid="remove-confirm"
                  onClick={() => {
                    confirming.value = null;
                    props.onRemove!(r.id);
                  }}
                >
                  Remove
                </button>
                <button
                  type="button"
                  class="btn"
                  onClick={() =>
                    confirming.value = null}
                >
                  Cancel
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
    <span class="tile-muted" role="img" aria-label="Microphone off">
      <Icon name="mic-off" />
    </span>
  );
}
