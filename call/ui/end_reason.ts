/**
 * What the end screen says: who ended the call, or, when the server closed the socket for good,
 * why (the link was withdrawn, the appointment cancelled, too many connections).
 */
import { CloseCode, CloseReason } from "../../signaling/protocol.ts";

/** The end screen's heading and sentence. */
export interface EndWords {
  title: string;
  text: string;
}

/** Who ended the call and how the server closed it, as the call controller records them. */
export interface EndFacts {
  by: "you" | "peer" | "elsewhere" | null;
  closedWith: { code: number; reason: string } | null;
  role: "client" | "pro";
  peerName: string;
}

/** Words for the end of a call. */
export function endReason(f: EndFacts): EndWords {
  const code = f.closedWith?.code;
  if (code === CloseCode.CANCELLED) {
    return {
      title: "The appointment was cancelled",
      text: f.role === "client"
        ? `${f.peerName} cancelled this appointment. Please contact them to find a new time.`
        : "This appointment was cancelled, so the call ended for both of you.",
    };
  }
  if (code === CloseCode.FULL) {
    return {
      title: "The call is full",
      text: `This call already has as many people as it can hold. Please ask ${f.peerName} ` +
        "to let you know when there is room, then open your link again.",
    };
  }
  if (code === CloseCode.DECLINED) {
    return {
      title: "You were not let in",
      text: `Sorry, ${f.peerName} could not let you into this call. If you think this is a ` +
        `mistake, please contact ${f.peerName}.`,
    };
  }
  if (code === CloseCode.SIGNED_OUT) {
    return {
      title: "You were signed out",
      text: "You signed out everywhere, so this call closed here. To come back, sign in again " +
        "with your email at /login; the appointment is still open.",
    };
  }
  if (code === CloseCode.VERSION) {
    return {
      title: "This page is out of date",
      text: "Frontdesk was updated while this page was open. Please reload the page to join.",
    };
  }
  if (code === CloseCode.REVOKED) {
    return {
      title: "This link was withdrawn",
      text: `${f.peerName} withdrew the link you joined with. Please ask them for the new link.`,
    };
  }
  if (code === CloseCode.ENDED && f.closedWith?.reason === CloseReason.ENDED_FOR_EVERYONE) {
    return {
      title: "The appointment has ended",
      text: f.role === "pro"
        ? "You ended the appointment for everyone. It is marked completed."
        : `${f.peerName} ended the appointment.`,
    };
  }
  if (code === CloseCode.ENDED && f.closedWith?.reason === CloseReason.WINDOW_CLOSED) {
    return {
      title: "The appointment's time is over",
      text: "Its time slot has ended, so the call has closed.",
    };
  }
  if (code === CloseCode.ENDED) {
    return {
      title: "This appointment is over",
      text: "The appointment was completed or its time has passed, so the call cannot continue.",
    };
  }
  if (code === CloseCode.POLICY && f.closedWith?.reason === CloseReason.EXPIRED) {
    return {
      title: "Your session expired",
      text: f.role === "client"
        ? `Please open the link ${f.peerName} sent you again.`
        : "Please sign in again with your email at /login.",
    };
  }
  if (code === CloseCode.POLICY && f.closedWith?.reason === CloseReason.TOO_MANY_SOCKETS) {
    return {
      title: "Too many connections",
      text: "Too many windows are connected for this session. Close the others, then reload " +
        "this page.",
    };
  }
  return {
    title: "The call has ended",
    text: f.by === "you"
      ? "You left the call."
      : f.by === "elsewhere"
      ? "This call continued in another tab or window."
      : "The other side ended the call.",
  };
}

/**
 * Whether the end screen offers Rejoin: the appointment is still open, and this page lost the
 * call rather than it ending — another tab took the seat over (4001), the call was full (4007),
 * too many connections, or the socket was closed for something this page sent (rate limit, a
 * message too big or malformed: 1008, 1009, 1007, 1003). Never once the appointment is over,
 * cancelled, the link withdrawn, the knock declined, the session expired or signed out, and
 * not for a page out of date (it must reload, not rejoin).
 */
export function canRejoin(f: Pick<EndFacts, "closedWith">): boolean {
  const c = f.closedWith;
  if (!c) return false;
  if (c.code === CloseCode.POLICY) {
    return c.reason !== CloseReason.EXPIRED && c.reason !== CloseReason.FORBIDDEN &&
      c.reason !== CloseReason.NOT_FOUND && c.reason !== CloseReason.NOT_OPEN_YET;
  }
  return ([
    CloseCode.REPLACED,
    CloseCode.FULL,
    CloseCode.TOO_BIG,
    CloseCode.INVALID_JSON,
    CloseCode.UNSUPPORTED_DATA,
  ] as number[]).includes(c.code);
}
