/**
 * The signed-in professional's request state on dashboard pages, as components read it (the
 * professional, and the CSRF token their forms carry); routes/dashboard/_middleware.ts fills it.
 */
import type { Professional } from "../domain/store.ts";

/** What `routes/dashboard/_middleware.ts` puts in `ctx.state`. */
export interface DashboardState {
  pro: Professional;
  /** The session cookie value, which CSRF tokens are bound to. */
  session: string;
  /** The CSRF token for this session's forms. */
  csrf: string;
}
