import type { Handler } from "$fresh/server.ts";

export const handler: Handler = (req) => new Response(`any ${req.method}`);
