/**
 * What the end screen says: who ended the call, or, when the server closed the socket for good,
 * why (the link was withdrawn, the appointment cancelled, too many connections).
 */
import { CloseCode, CloseReason } from "../../signaling/protocol.ts";
import { w } from "./words.ts";

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
  const name = { name: f.peerName };
  if (code === CloseCode.CANCELLED) {
    return {
      title: w("end.cancelled.title"),
      text: f.role === "client" ? w("end.cancelled.client", name) : w("end.cancelled.pro"),
    };
  }
  if (code === CloseCode.FULL) {
    return {
      title: w("end.full.title"),
      text: w("end.full", name),
    };
  }
  if (code === CloseCode.DECLINED) {
    return {
      title: w("end.declined.title"),
      text: w("end.declined", name),
    };
  }
  if (code === CloseCode.SIGNED_OUT) {
    return {
      title: w("end.signedOut.title"),
      text: w("end.signedOut"),
    };
  }
  if (code === CloseCode.VERSION) {
    return {
      title: w("end.version.title"),
      text: w("end.version"),
    };
  }
  if (code === CloseCode.REVOKED) {
    return {
      title: w("end.revoked.title"),
      text: w("end.revoked", name),
    };
  }
  if (code === CloseCode.ENDED && f.closedWith?.reason === CloseReason.ENDED_FOR_EVERYONE) {
    return {
      title: w("end.ended.title"),
      text: f.role === "pro" ? w("end.ended.pro") : w("end.ended.client", name),
    };
  }
  if (code === CloseCode.ENDED && f.closedWith?.reason === CloseReason.WINDOW_CLOSED) {
    return {
      title: w("end.window.title"),
      text: w("end.window"),
    };
  }
  if (code === CloseCode.ENDED) {
    return {
      title: w("end.over.title"),
      text: w("end.over"),
    };
  }
  if (code === CloseCode.POLICY && f.closedWith?.reason === CloseReason.EXPIRED) {
    return {
      title: w("end.expired.title"),
      text: f.role === "client" ? w("end.expired.client", name) : w("end.expired.pro"),
    };
  }
  if (code === CloseCode.POLICY && f.closedWith?.reason === CloseReason.TOO_MANY_SOCKETS) {
    return {
      title: w("end.sockets.title"),
      text: w("end.sockets"),
    };
  }
  return {
    title: w("end.title"),
    text: w(f.by === "you" ? "end.you" : f.by === "elsewhere" ? "end.elsewhere" : "end.peer"),
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
