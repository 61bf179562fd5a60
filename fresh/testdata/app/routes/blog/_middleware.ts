import type { FreshContext } from "$fresh/server.ts";

export async function handler(_req: Request, ctx: FreshContext<{ trail: string[] }>) {
  ctx.state.trail.push("blog");
  const response = await ctx.next();
  response.headers.set("X-Blog", "yes");
  return response;
}
