/** The absolute URLs Frontdesk prints and copies for links. */

/** Bind addresses that mean "this machine" and are better shown as `localhost`. */
const LOCAL_BIND = new Set(["0.0.0.0", "127.0.0.1", "::", "[::]", "::1", "[::1]"]);

/** What links are built from: the configuration's address settings (app/config.ts). */
export interface LinkOrigin {
  publicUrl?: string;
  hostname: string;
  port: number;
  tls?: unknown;
}

/** `PUBLIC_URL` when set, else the address the server listens on. No trailing slash. */
export function baseUrlFor(config: LinkOrigin): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, "");
  const scheme = config.tls ? "https" : "http";
  let host = LOCAL_BIND.has(config.hostname) ? "localhost" : config.hostname;
  if (host.includes(":") && !host.startsWith("[")) host = `[${host}]`;
  return `${scheme}://${host}:${config.port}`;
}

function withToken(baseUrl: string, path: string, token: string): string {
  const url = new URL(path, baseUrl.replace(/\/*$/, "/"));
  url.searchParams.set("token", token);
  return url.href;
}

/** A professional's dashboard link: `${base}/pro-link?token=…`. */
export function proLinkUrl(baseUrl: string, token: string): string {
  return withToken(baseUrl, "pro-link", token);
}

/**
 * `/join-video` takes every link people are sent to join a call: the client's, a guest's and
 * an instant call's share link; `resolveJoinLink` (join_link.ts) tells them apart by the
 * token's kind.
 */
const JOIN_PATH = "join-video";

/** A client's appointment link: `${base}/join-video?token=…`. */
export function clientLinkUrl(baseUrl: string, token: string): string {
  return withToken(baseUrl, JOIN_PATH, token);
}

/** A guest's own link (`signGuestLink`): `${base}/join-video?token=…`. */
export function guestLinkUrl(baseUrl: string, token: string): string {
  return withToken(baseUrl, JOIN_PATH, token);
}

/** An instant call's share link (`signShareLink`): `${base}/join-video?token=…`. */
export function shareLinkUrl(baseUrl: string, token: string): string {
  return withToken(baseUrl, JOIN_PATH, token);
}

/** An emailed sign-in link (`issueSignInLink`): `${base}/login/link?token=…`. */
export function signInLinkUrl(baseUrl: string, token: string): string {
  return withToken(baseUrl, "login/link", token);
}
