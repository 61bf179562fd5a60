/**
 * Manage professionals from the command line (`deno task pro …`). Works
 * while the server runs: SQLite's WAL mode lets both use the database.
 *
 *   deno task pro add "Dr. Ada Lovelace" --email ada@example.com   create one, print their link
 *   deno task pro link ada@example.com       print a fresh dashboard link (they last 30 days)
 *   deno task pro list                       list professionals: id, email, name
 */

import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../app/config.ts";
import { checkEmail, isPlaceholderEmail } from "../domain/emails.ts";
import { baseUrlFor, proLinkUrl } from "../domain/link_urls.ts";
import { checkPersonName } from "../domain/names.ts";
import { openStore } from "../app/open_store.ts";
import { loadSigningSecret } from "../app/secret.ts";
import { DuplicateEmailError, type Professional, type Store } from "../domain/store.ts";
import { signProLink } from "../domain/tokens.ts";

const USAGE = `Usage:
  deno task pro add "<name>" --email <address> [--admin]
                                   create a professional and print their dashboard link
                                   (--admin: they may add and deactivate professionals)
  deno task pro link <who>         print a new dashboard link (valid 30 days)
  deno task pro email <who> <address>
                                   set a professional's email address (where sign-in links go)
  deno task pro deactivate <who>   stop a professional's links and sessions for good
  deno task pro list               list professionals (id, email, name)

<who> is an id, an email address, or a name (when exactly one professional has it).
Settings come from the environment (DATA_DIR, PUBLIC_URL, PORT, LINK_SECRET…).`;

/** Raised for a command line we cannot act on; exits with status 2 and the usage. */
class UsageError extends Error {}

/** Positional arguments each command takes. */
const ARITY: Record<string, number> = { add: 1, link: 1, email: 2, deactivate: 1, list: 0 };

/** Runs the command; returns the process exit status. */
export async function main(args: string[]): Promise<number> {
  try {
    const [command, ...rest] = args;
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      if (command === undefined) throw new UsageError("Missing command.");
      console.info(USAGE);
      return 0;
    }
    if (!(command in ARITY)) throw new UsageError(`Unknown command "${command}".`);
    const options = parseOptions(command, rest);
    if (options.positionals.length !== ARITY[command]) {
      throw new UsageError(
        ARITY[command] === 0
          ? `"${command}" takes no arguments.`
          : `"${command}" takes exactly ${
            ARITY[command] === 1 ? "one argument" : "two arguments"
          }` +
            " (quote a name that has spaces).",
      );
    }
    const config = loadConfig();
    const store = await openStore(config.dataDir, config.database);
    try {
      const [first, second] = options.positionals;
      if (command === "list") return await list(store);
      if (command === "add") {
        if (options.email === undefined) {
          throw new UsageError(`"add" needs the professional's address: --email <address>.`);
        }
        const added = await add(store, first, options.email, options.admin);
        return added ? await printLink(config, added) : 1;
      }
      const professional = await findProfessional(store, first);
      if (!professional) return 1;
      if (command === "email") return await setEmail(store, professional, second);
      if (command === "deactivate") return await deactivate(store, professional);
      if (professional.deactivatedAt !== null) {
        console.error("This professional is deactivated: their links would not work.");
        return 1;
      }
      return await printLink(config, professional);
    } finally {
      await store.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

function parseOptions(command: string, rest: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: command === "add" ? { email: { type: "string" }, admin: { type: "boolean" } } : {},
    });
    return {
      positionals,
      email: values.email as string | undefined,
      admin: values.admin === true,
    };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function printLink(config: ReturnType<typeof loadConfig>, professional: Professional) {
  const secret = await loadSigningSecret(config.dataDir, config.linkSecret);
  const token = await signProLink(secret, professional.id, Date.now(), professional.sessionVersion);
  console.info(`Dashboard link: ${proLinkUrl(baseUrlFor(config), token)}`);
  return 0;
}

async function add(store: Store, rawName: string, rawEmail: string, admin: boolean) {
  const name = checkPersonName(rawName);
  if (!name.ok) throw new UsageError(name.error);
  const email = checkEmail(rawEmail);
  if (!email.ok) throw new UsageError(`--email: ${email.error}`);
  try {
    const professional = await store.createProfessional(name.value, { email: email.value, admin });
    console.info(`Created ${professional.name} (id ${professional.id}).`);
    return professional;
  } catch (err) {
    if (!(err instanceof DuplicateEmailError)) throw err;
    console.error("Another professional already has this email address. See: deno task pro list");
    return null;
  }
}

async function setEmail(store: Store, professional: Professional, rawEmail: string) {
  const email = checkEmail(rawEmail);
  if (!email.ok) throw new UsageError(email.error);
  try {
    await store.setProfessionalEmail(professional.id, email.value);
  } catch (err) {
    if (!(err instanceof DuplicateEmailError)) throw err;
    console.error("Another professional already has this email address. See: deno task pro list");
    return 1;
  }
  console.info(`Email address of ${professional.name} set.`);
  return 0;
}

async function deactivate(store: Store, professional: Professional) {
  await store.deactivateProfessional(professional.id);
  console.info(`${professional.name} is deactivated: their links and sessions no longer work.`);
  return 0;
}

/**
 * The professional with id or email `who`, else the only one with that name (case aside);
 * null, after saying why on stderr, when there is none or several.
 */
async function findProfessional(store: Store, who: string) {
  const byId = await store.getProfessional(who);
  if (byId) return byId;
  const email = checkEmail(who);
  if (email.ok) {
    const byEmail = await store.findProfessionalByEmail(email.value);
    if (byEmail) return byEmail;
  }
  const name = checkPersonName(who);
  const wanted = name.ok ? name.value.toLocaleLowerCase() : undefined;
  const named = (await store.listProfessionals()).filter((p) =>
    p.name.normalize("NFC").toLocaleLowerCase() === wanted
  );
  if (named.length === 1) return named[0];
  if (named.length === 0) {
    console.error(`No professional has the id, email or name "${who}". See: deno task pro list`);
  } else {
    console.error(
      `${named.length} professionals are named "${who}"; give the id instead:\n` +
        named.map((p) => `  deno task pro link ${p.id}`).join("\n"),
    );
  }
  return null;
}

async function list(store: Store): Promise<number> {
  const professionals = await store.listProfessionals();
  if (professionals.length === 0) {
    console.info(
      'No professionals yet. Add one with: deno task pro add "<name>" --email <address>',
    );
  }
  for (const p of professionals) {
    const email = isPlaceholderEmail(p.email)
      ? `(no email: deno task pro email ${p.id} <address>)`
      : p.email;
    const flags = [p.admin ? "admin" : "", p.deactivatedAt !== null ? "deactivated" : ""]
      .filter((f) => f !== "");
    console.info([p.id, email, p.name, ...flags].join("\t"));
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
