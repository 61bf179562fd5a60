/** Where "Sign out" and "Sign out everywhere" land. No script. */
import type { Handlers, PageProps } from "$fresh/server.ts";

export const handler: Handlers<{ everywhere: boolean }> = {
  async GET(req, ctx) {
    const everywhere = new URL(req.url).searchParams.get("everywhere") === "1";
    const res = await ctx.render({ everywhere });
    res.headers.set("Cache-Control", "no-store");
    return res;
  },
};

export default function SignedOut({ data }: PageProps<{ everywhere: boolean }>) {
  return (
    <main class="page narrow">
      <p class="brand">
        <a href="/">Frontdesk</a>
      </p>
      <h1>You are signed out</h1>
      <p class="lead" role="status">
        {data.everywhere
          ? "You are signed out in every browser, and every dashboard link sent to you so far " +
            "no longer works."
          : "You are signed out in this browser."}
      </p>
      <p>
        <a class="button primary" href="/login">Sign in again</a>
      </p>
    </main>
  );
}
