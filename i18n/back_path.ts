/**
 * Where the language switcher returns to: a same-origin path only, and never a URL carrying a
 * token (a sign-in link is single use; a link's token must not be replayed into a form).
 */

/** The path and query of `url` to come back to, without any `token` parameter. */
export function backPath(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete("token");
  const query = params.toString();
  return url.pathname + (query ? `?${query}` : "");
}

/** `value` when it is a same-origin path ("/x", not "//host" or "/\host"), else "/". */
export function safeBackPath(value: string | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return "/";
  }
  // Whatever the browser would make of it, it must stay on this origin.
  const base = "http://frontdesk.invalid";
  const url = new URL(value, base);
  return url.origin === base ? url.pathname + url.search : "/";
}
