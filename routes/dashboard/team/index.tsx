/**
 * The team (admins only): every professional with their address and status, a form to add one
 * (they are emailed an invitation with a sign-in link) and a button to deactivate one.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import { appContext } from "../../../app/app_context.ts";
import { adminOnly } from "../../../web/admin_only.ts";
import { type DashboardState, readTrustedForm } from "../../../web/dashboard_state.ts";
import { mailerFor, sendInBackground } from "../../../app/mailer.ts";
import { CSRF_FIELD } from "../../../web/csrf.ts";
import { DashboardHeader } from "../../../components/DashboardHeader.tsx";
import { checkEmail, isPlaceholderEmail } from "../../../domain/emails.ts";
import { signInLinkUrl } from "../../../domain/link_urls.ts";
import { checkPersonName } from "../../../domain/names.ts";
import { INVITATION_DAYS, issueSignInLink } from "../../../domain/sign_in.ts";
import { invitationMail } from "../../../domain/sign_in_mail.ts";
import { DuplicateEmailError, type Professional } from "../../../domain/store.ts";
import { t } from "../../../i18n/request_locale.ts";

interface Data {
  professionals: Professional[];
  mailOn: boolean;
  values: { name: string; email: string };
  errors: { name?: string; email?: string };
  /** Set after an add: who was added and whether an invitation went out. */
  added?: { name: string; email: string; invited: boolean };
}

type Ctx = FreshContext<DashboardState, Data>;

async function page(ctx: Ctx, extra: Partial<Data> = {}, status = 200) {
  const { store, config } = appContext();
  return await ctx.render({
    professionals: await store.listProfessionals(),
    mailOn: mailerFor(config) !== null,
    values: { name: "", email: "" },
    errors: {},
    ...extra,
  }, { status });
}

export const handler = {
  async GET(_req: Request, ctx: Ctx) {
    return adminOnly(ctx.state) ?? await page(ctx);
  },
  async POST(req: Request, ctx: Ctx) {
    const refused = adminOnly(ctx.state);
    if (refused) return refused;
    const form = await readTrustedForm(req, ctx.state);
    if (form instanceof Response) return form;
    const rawName = String(form.get("name") ?? "");
    const rawEmail = String(form.get("email") ?? "");
    const name = checkPersonName(rawName);
    const email = checkEmail(rawEmail);
    const values = { name: rawName, email: rawEmail };
    if (!name.ok || !email.ok) {
      const errors = {
        name: name.ok ? undefined : name.error,
        email: email.ok ? undefined : email.error,
      };
      return await page(ctx, { values, errors }, 400);
    }
    const { store, config, baseUrl } = appContext();
    let added: Professional;
    try {
      added = await store.createProfessional(name.value, { email: email.value });
    } catch (err) {
      if (!(err instanceof DuplicateEmailError)) throw err;
      return await page(ctx, {
        values,
        errors: { email: t("team.taken") },
      }, 409);
    }
    await store.audit({
      professionalId: ctx.state.pro.id,
      actor: "professional",
      action: "account.added",
      detail: `professional ${added.id}`,
    });
    const mailer = mailerFor(config);
    if (mailer) {
      const invitedBy = ctx.state.pro.name;
      sendInBackground(mailer, async () => {
        const token = await issueSignInLink(store, added.id, INVITATION_DAYS * 86_400_000);
        return {
          to: added.email,
          ...invitationMail({
            name: added.name,
            invitedBy,
            url: signInLinkUrl(baseUrl, token),
            loginUrl: `${baseUrl}/login`,
            days: INVITATION_DAYS,
          }),
        };
      }, "invitation");
    }
    return await page(ctx, {
      added: { name: added.name, email: added.email, invited: mailer !== null },
    }, 201);
  },
};

export default function Team({ data, state }: PageProps<Data, DashboardState>) {
  const { errors, values } = data;
  const invalid = (field: "name" | "email") =>
    errors[field] ? { "aria-invalid": "true" as const, "aria-describedby": `${field}-error` } : {};
  return (
    <main class="page">
      <DashboardHeader pro={state.pro} csrf={state.csrf} />
      <h1>{t("team.title")}</h1>
      {data.added && (
        <p class="card" role="status">
          {t(data.added.invited ? "team.added.invited" : "team.added.noMail", {
            name: data.added.name,
            email: data.added.email,
          })}
        </p>
      )}
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t("team.name")}</th>
            <th scope="col">{t("team.email")}</th>
            <th scope="col">{t("team.status")}</th>
            <th scope="col">
              <span class="sr-only">{t("team.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.professionals.map((p) => (
            <tr key={p.id}>
              <td data-label={t("team.name")}>{p.name}</td>
              <td data-label={t("team.email")}>
                {isPlaceholderEmail(p.email) ? t("team.noEmail") : p.email}
              </td>
              <td data-label={t("team.status")}>
                {t(
                  p.deactivatedAt !== null
                    ? "team.deactivated"
                    : p.admin
                    ? "team.admin"
                    : "team.active",
                )}
              </td>
              <td data-label={t("team.actions")}>
                {p.deactivatedAt === null && p.id !== state.pro.id && (
                  <form method="post" action={`/dashboard/team/${p.id}/deactivate`}>
                    <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
                    <button
                      type="submit"
                      class="danger"
                      aria-label={t("team.deactivateFor", { name: p.name })}
                    >
                      {t("team.deactivate")}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/dashboard/team" class="card" novalidate>
        <h2>{t("team.add")}</h2>
        <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
        <label for="name">{t("team.name")}</label>
        <input
          id="name"
          name="name"
          required
          maxLength={200}
          value={values.name}
          {...invalid("name")}
        />
        {errors.name && <p id="name-error" class="field-error">{errors.name}</p>}
        <label for="email">{t("team.emailAddress")}</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          maxLength={254}
          value={values.email}
          {...invalid("email")}
        />
        {errors.email && <p id="email-error" class="field-error">{errors.email}</p>}
        <p class="muted">
          {t(data.mailOn ? "team.mailOn" : "team.mailOff")}
        </p>
        <p>
          <button type="submit" class="primary">{t("team.submit")}</button>
        </p>
      </form>
    </main>
  );
}
