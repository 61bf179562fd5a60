import type { FreshContext } from "$fresh/server.ts";

export async function handler(_req: Request, ctx: FreshContext<{ trail: string[] }>) {
  ctx.state.trail = ["root"];
  const response = await ctx.next();
  response.headers.set("X-Destination", ctx.destination);
  response.headers.set("Content-Security-Policy", `script-src 'nonce-${ctx.nonce}'`);
  return response;
}
