/**
 * The answer to a POST that worked, or to a link exchanged: 303 to `location` (redirect after
 * post), never cached, with any `Set-Cookie` values given.
 */
export function seeOther(location: string, cookies: readonly string[] = []): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  for (const c of cookies) headers.append("Set-Cookie", c);
  return new Response(null, { status: 303, headers });
}
