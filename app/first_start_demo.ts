/**
 * A first start's demo: on an empty database (unless `DEMO=0`), creates a
 * demo professional and appointment and hands their links to the operator.
 *
 * The dashboard link is valid for 30 days and journald or docker keep
 * whatever reaches stdout, so the links are printed only to an interactive
 * terminal, or where `PRINT_LINKS=1` asks for them (the tests do). Otherwise
 * one log line says how to get a link: `deno task pro link <id>`.
 */
import type { AppContext } from "./app_context.ts";
import { log } from "../utils/log.ts";
import { seedDemoIfEmpty } from "../domain/demo.ts";
import { signClientLink, signProLink } from "../domain/tokens.ts";
import { clientLinkUrl, proLinkUrl } from "../domain/link_urls.ts";

/** Seeds the demo on an empty database and prints its links, or how to get them. */
export async function seedDemoOnFirstStart(ctx: AppContext): Promise<void> {
  if (!ctx.config.demo) return;
  const demo = await seedDemoIfEmpty(ctx.store);
  if (!demo) return;
  const print = ctx.config.printLinks === "always" ||
    (ctx.config.printLinks === "terminal" && Deno.stdout.isTerminal());
  if (!print) {
    log.info("created a demo professional and appointment", {
      forDashboardLink: `deno task pro link ${demo.professional.id}`,
      why: "links are printed only to a terminal (PRINT_LINKS=1 prints them anyway)",
    });
    return;
  }
  // The two hand-off lines of a first start: printed for the operator, never logged.
  const pro = proLinkUrl(ctx.baseUrl, await signProLink(ctx.secret, demo.professional.id));
  const client = clientLinkUrl(ctx.baseUrl, await signClientLink(ctx.secret, demo.appointment));
  console.info(`Dashboard link: ${pro}\nClient link: ${client}`);
}
