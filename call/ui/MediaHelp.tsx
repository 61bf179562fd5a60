import { type MediaProblem, problemText } from "../devices.ts";

/** Plain-words help when camera or microphone cannot be used. */
export function MediaHelp(props: { problem: MediaProblem | null }) {
  if (!props.problem) return null;
  return (
    <div class="notice warn" role="alert" data-testid="media-help">
      <strong>
        {props.problem.kind === "denied" ? "Camera and microphone are blocked" : "Media problem"}
      </strong>
      <p>{problemText(props.problem)}</p>
    </div>
  );
}
