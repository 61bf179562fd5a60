/**
 * The language switcher's target: `GET /language?lang=es&back=/path` keeps the choice in the
 * `fd_lang` cookie for a year and returns to `back`. A GET is harmless here: the only effect is
 * a display preference, the value is checked against the supported languages, and `back` must
 * be a path on this origin (no open redirect).
 */
import { stringifySetCookie } from "cookie";
import { isLocale } from "../i18n/locales.ts";
import { LANG_COOKIE } from "../i18n/negotiate.ts";
import { safeBackPath } from "../i18n/back_path.ts";
import { seeOther } from "../web/see_other.ts";
import { appContext } from "../app/app_context.ts";

const YEAR_S = 365 * 24 * 3600;

export const handler = {
  GET(req: Request): Response {
    const params = new URL(req.url).searchParams;
    const back = safeBackPath(params.get("back"));
    const lang = params.get("lang");
    if (!isLocale(lang)) return seeOther(back);
    return seeOther(back, [
      stringifySetCookie({
        name: LANG_COOKIE,
        value: lang,
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: appContext().secure,
        maxAge: YEAR_S,
      }),
    ]);
  },
};
