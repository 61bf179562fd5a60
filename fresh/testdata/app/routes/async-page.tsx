import type { FreshContext } from "$fresh/server.ts";

export default async function AsyncPage(req: Request, _ctx: FreshContext) {
  const loaded = await Promise.resolve("loaded");
  if (new URL(req.url).searchParams.has("redirect")) {
    return new Response(null, { status: 303, headers: { Location: "/" } });
  }
  return <p>async {loaded}</p>;
}
