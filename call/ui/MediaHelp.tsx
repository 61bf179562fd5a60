import { type MediaProblem, problemText, problemTitle } from "../devices.ts";

/** Plain-words help when camera or microphone cannot be used. */
export function MediaHelp(props: { problem: MediaProblem | null }) {
  if (!props.problem) return null;
  return (
    <div class="notice warn" role="alert" data-testid="media-help">
      <strong>{problemTitle(props.problem)}</strong>
      <p>{problemText(props.problem)}</p>
    </div>
  );
}
