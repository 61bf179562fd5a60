import type { DashboardState } from "./dashboard_state.ts";
import { refusalResponse } from "./refusal.tsx";
import { t } from "../i18n/request_locale.ts";

/** A 403 page unless the signed-in professional is an admin; null when they are. */
export function adminOnly(state: DashboardState): Response | null {
  if (state.pro.admin) return null;
  return refusalResponse({
    status: 403,
    title: t("admin.title"),
    message: t("admin.message"),
    next: { href: "/dashboard", label: t("admin.back") },
  });
}
