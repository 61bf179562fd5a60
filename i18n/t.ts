/**
 * `t()` for domain code that islands import too (domain/appointments.ts is reached from the
 * dashboard island through domain/day_plan.ts): on the server it is request_locale.ts's `t`, in
 * the request's language; in a browser bundle it never loads the catalogs, intl-messageformat or
 * `node:async_hooks` (the specifier below is computed, so the bundler does not follow it), and
 * answers the key. Islands never call it: they get their words as props.
 */
import type { MessageKey } from "./catalogs.ts";
import type { MessageValues } from "./translator.ts";

type Translate = (key: MessageKey, values?: MessageValues) => string;

let translate: Translate = (key) => key;
if (typeof Deno !== "undefined") {
  const server = "./request_locale.ts";
  translate = (await import(server) as { t: Translate }).t;
}

/** The message of `key` in the request's language (server); the key itself in a browser. */
export function t(key: MessageKey, values?: MessageValues): string {
  return translate(key, values);
}
