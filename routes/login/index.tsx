/**
 * `/login`: a professional enters their email address and is sent a sign-in link. The answer
 * is the same whether or not the address has an account (and the mail goes out in the
 * background, so it takes the same time); asking is limited per address and per client
 * (web/sign_in_limit.ts). Without `SMTP_URL` the page says email is not set up and how the
 * operator issues a link instead.
 */
import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { appContext } from "../../app/app_context.ts";
import { loginFormBinding, readLoginForm } from "../../web/login_form.ts";
import { mailerFor, sendInBackground } from "../../app/mailer.ts";
import { refusalResponse } from "../../web/refusal.tsx";
import { consumeSignIn } from "../../web/sign_in_limit.ts";
import { checkEmail, isPlaceholderEmail } from "../../domain/emails.ts";
import { signInLinkUrl } from "../../domain/link_urls.ts";
import { issueSignInLink } from "../../domain/sign_in.ts";
import { signInMail } from "../../domain/sign_in_mail.ts";
import { CSRF_FIELD } from "../../web/csrf.ts";
import { rich, t } from "../../i18n/request_locale.ts";
import { code, linkTo, strong } from "../../i18n/rich_tags.tsx";

type Data =
  | { mode: "no-mail" }
  | { mode: "form"; csrf: string; email: string; error?: string }
  | { mode: "sent"; email: string; minutes: number };

export const handler: Handlers<Data> = {
  async GET(req, ctx) {
    if (!mailerFor(appContext().config)) return await ctx.render({ mode: "no-mail" });
    return await form(req, ctx, "");
  },
  async POST(req, ctx) {
    const { config, store, baseUrl } = appContext();
    const mailer = mailerFor(config);
    if (!mailer) return await ctx.render({ mode: "no-mail" }, { status: 503 });
    const body = await readLoginForm(req);
    if (body instanceof Response) return body;
    const raw = body.get("email");
    const email = checkEmail(raw);
    const wait = await consumeSignIn({
      client: ctx.remoteAddr.hostname,
      email: email.ok ? email.value : undefined,
    });
    if (wait !== null) {
      return refusalResponse({
        status: 429,
        title: t("login.tooManyTitle"),
        message: t("login.tooMany", { minutes: Math.ceil(wait / 60) }),
      }, { "Retry-After": String(wait) });
    }
    if (!email.ok) {
      return await form(req, ctx, typeof raw === "string" ? raw : "", email.error, 400);
    }
    const professional = await store.findProfessionalByEmail(email.value);
    if (professional && professional.deactivatedAt === null && !isPlaceholderEmail(email.value)) {
      const minutes = config.signInLinkMinutes;
      sendInBackground(mailer, async () => {
        const token = await issueSignInLink(store, professional.id, minutes * 60_000);
        const url = signInLinkUrl(baseUrl, token);
        return { to: professional.email, ...signInMail({ name: professional.name, url, minutes }) };
      }, "sign-in link");
    }
    return await ctx.render({
      mode: "sent",
      email: email.value,
      minutes: config.signInLinkMinutes,
    });
  },
};

async function form(
  req: Request,
  ctx: FreshContext<unknown, Data>,
  email: string,
  error?: string,
  status = 200,
) {
  const binding = await loginFormBinding(req);
  const res = await ctx.render({ mode: "form", csrf: binding.csrf, email, error }, { status });
  if (binding.setCookie) res.headers.append("Set-Cookie", binding.setCookie);
  res.headers.set("Cache-Control", "no-store");
  return res;
}

export default function Login({ data }: PageProps<Data>) {
  return (
    <main class="page narrow">
      <p class="brand">
        <a href="/">Frontdesk</a>
      </p>
      <h1>{t(data.mode === "sent" ? "login.checkEmail" : "login.title")}</h1>
      {data.mode === "no-mail" && (
        <>
          <p class="lead">{t("login.noMail.lead")}</p>
          <p>{rich("login.noMail.body", { code })}</p>
        </>
      )}
      {data.mode === "form" && (
        <form method="post" action="/login" class="card" novalidate>
          <input type="hidden" name={CSRF_FIELD} value={data.csrf} />
          <p>{t("login.intro")}</p>
          <label for="email">{t("login.email")}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxLength={254}
            value={data.email}
            aria-invalid={data.error ? "true" : undefined}
            aria-describedby={data.error ? "email-error" : undefined}
            autofocus={data.error !== undefined}
          />
          {data.error && <p id="email-error" class="field-error">{data.error}</p>}
          <p>
            <button type="submit" class="primary">{t("login.submit")}</button>
          </p>
        </form>
      )}
      {data.mode === "sent" && (
        <>
          <p class="lead" role="status">
            {rich("login.sent", {
              email: data.email,
              minutes: data.minutes,
              strong,
            })}
          </p>
          <p>{rich("login.nothing", { link: linkTo("/login") })}</p>
        </>
      )}
    </main>
  );
}
