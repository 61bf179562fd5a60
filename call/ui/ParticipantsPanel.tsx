import type { RemoteParticipant } from "../call_controller.ts";
import { Icon } from "./icons.tsx";
import { ROLE_WORDS } from "./role_words.ts";

/**
 * Who is in the call: you first, then everyone else with their role, and whether their
 * microphone is off or they are reconnecting. Kept in the page while closed (`hidden`).
 */
export function ParticipantsPanel(props: {
  remotes: RemoteParticipant[];
  micOn: boolean;
  open: boolean;
  onClose(): void;
}) {
  const count = props.remotes.length + 1;
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
