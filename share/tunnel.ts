/** What every tunnel of `deno task share` gives the task, whichever kind it is. */

/** Where the tunnel delivers what reaches the public address: the app's listener. */
export interface LocalTarget {
  host: string;
  port: number;
}

/** An open tunnel. */
export interface Tunnel {
  /** The address people open, without a trailing slash (`https://x.loca.lt`, `http://host:8000`). */
  publicUrl: string;
  /** A few words for the operator: "SSH reverse tunnel through user@host". */
  description: string;
  /** Resolves with why, when the tunnel ends without {@linkcode Tunnel.close} being called. */
  closed: Promise<string>;
  /** Closes the tunnel and waits until it is gone. Safe to call twice. */
  close(): Promise<void>;
}

/** Thrown when a tunnel cannot be opened; the message is for the operator. */
export class TunnelError extends Error {
  override name = "TunnelError";
}
