/** The video call island of the call pages (client and professional); see CallView. */
import { CallView, type CallViewProps } from "../call/ui/CallView.tsx";

/** The island's props: CallView's, as JSON. */
export type VideoCallProps = Omit<CallViewProps, "onBackToDashboard">;

export default function VideoCall(props: VideoCallProps) {
  return <CallView {...props} />;
}
