import type { DashboardState } from "./dashboard_state.ts";
import { refusalResponse } from "./refusal.tsx";

/** A 403 page unless the signed-in professional is an admin; null when they are. */
export function adminOnly(state: DashboardState): Response | null {
  if (state.pro.admin) return null;
  return refusalResponse({
    status: 403,
    title: "For admins only",
    message: "Only an admin of this Frontdesk can add or deactivate professionals. Ask whoever " +
      "runs it to do it, or to make you an admin.",
    next: { href: "/dashboard", label: "Back to your dashboard" },
  });
}
