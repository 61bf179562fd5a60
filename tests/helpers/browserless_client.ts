/**
 * A minimal HTTP client with a cookie jar and manual redirects, to drive the
 * app like a browser without JavaScript (forms, redirects, cookies).
 */
import { parseSetCookie } from "cookie";

/** A cookie-keeping client bound to one server. */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  /** Sends a request with the jar's cookies and stores the `Set-Cookie`s it gets back. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await fetch(new URL(path, this.base), { ...init, headers, redirect: "manual" });
    for (const sc of res.headers.getSetCookie()) {
      const c = parseSetCookie(sc);
      if (c.expires && c.expires.getTime() <= Date.now()) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value ?? "");
    }
    return res;
  }

  /** GET and return status and body text. */
  async get(path: string): Promise<{ status: number; text: string; res: Response }> {
    const res = await this.fetch(path);
    return { status: res.status, text: await res.text(), res };
  }

  /** POST a urlencoded form from this origin. */
  async postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return await this.fetch(path, {
      method: "POST",
      headers: { origin: this.base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
  }
}

/** The CSRF token embedded in a page's forms. */
export function csrfFrom(html: string): string {
  const m = html.match(/name="csrf" value="([^"]+)"/);
  if (!m) throw new Error("no CSRF field in page");
  return m[1];
}

const CLIENT_LINK = /(https?:\/\/[^"<\s]+\/join-video\?token=[A-Za-z0-9._-]+)/;

/** The client link shown on an appointment page (or in a mail's text). */
export function clientLinkFrom(html: string): string {
  const m = html.match(CLIENT_LINK);
  if (!m) throw new Error("no client link in page");
  return m[1];
}

/**
 * What a link grants, without the second it was signed in: its address and
 * the token's claims but `iat`. Links are signed when a page or mail is made,
 * so two renderings a second apart differ only there.
 */
export function linkGrant(url: string): string {
  const u = new URL(url);
  const token = u.searchParams.get("token") ?? "";
  const payload = token.split(".")[1] ?? "";
  const claims = JSON.parse(
    new TextDecoder().decode(
      Uint8Array.from(
        atob(payload.replaceAll("-", "+").replaceAll("_", "/")),
        (c) => c.charCodeAt(0),
      ),
    ),
  );
  delete claims.iat;
  u.searchParams.delete("token");
  return JSON.stringify({ url: u.href, claims });
}
