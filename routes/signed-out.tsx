/** Where "Sign out" and "Sign out everywhere" land. No script. */
import type { Handlers, PageProps } from "$fresh/server.ts";
import { t } from "../i18n/request_locale.ts";

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
      <h1>{t("signedOut.title")}</h1>
      <p class="lead" role="status">
        {t(data.everywhere ? "signedOut.everywhere" : "signedOut.here")}
      </p>
      <p>
        <a class="button primary" href="/login">{t("signedOut.again")}</a>
      </p>
    </main>
  );
}
