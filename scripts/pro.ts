/**
 * Manage professionals from the command line (`deno task pro …`). Works
 * while the server runs: SQLite's WAL mode lets both use the database.
 *
 *   deno task pro add "Dr. Ada Lovelace"   create a professional, print their dashboard link
 *   deno task pro link <id-or-name>        print a fresh dashboard link (they last 30 days)
 *   deno task pro list                     list professionals: id and name
 */

import { ConfigError, loadConfig } from "../utils/config.ts";
import { baseUrlFor, proLinkUrl } from "../domain/link_urls.ts";
import { checkPersonName } from "../domain/names.ts";
import { openStore } from "../domain/open_store.ts";
import { loadSigningSecret } from "../domain/secret.ts";
import type { Store } from "../domain/store.ts";
import { signProLink } from "../domain/tokens.ts";

const USAGE = `Usage:
  deno task pro add "<name>"   create a professional and print their dashboard link
  deno task pro link <id>      print a new dashboard link for an existing professional
  deno task pro link "<name>"  the same, by name (when exactly one professional has it)
  deno task pro list           list professionals (id and name)

Settings come from the environment (DATA_DIR, PUBLIC_URL, PORT, LINK_SECRET…).`;

/** Raised for a command line we cannot act on; exits with status 2 and the usage. */
class UsageError extends Error {}

/** Runs the command; returns the process exit status. */
export async function main(args: string[]): Promise<number> {
  try {
    const [command, ...rest] = args;
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      if (command === undefined) throw new UsageError("Missing command.");
      console.info(USAGE);
      return 0;
    }
    if (!["add", "link", "list"].includes(command)) {
      throw new UsageError(`Unknown command "${command}".`);
    }
    const expected = command === "list" ? 0 : 1;
    if (rest.length !== expected) {
      throw new UsageError(
        command === "list"
          ? `"list" takes no arguments.`
          : `"${command}" takes exactly one argument (quote a name that has spaces).`,
      );
    }
    const config = loadConfig();
    const store = await openStore(config.dataDir);
    try {
      if (command === "list") return await list(store);
      const secret = await loadSigningSecret(config.dataDir, config.linkSecret);
      const professional = command === "add"
        ? await add(store, rest[0])
        : await findProfessional(store, rest[0]);
      if (!professional) return 1;
      const token = await signProLink(secret, professional.id);
      console.info(`Dashboard link: ${proLinkUrl(baseUrlFor(config), token)}`);
      return 0;
    } finally {
      store.close();
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

async function add(store: Store, rawName: string) {
  const name = checkPersonName(rawName);
  if (!name.ok) throw new UsageError(name.error);
  const professional = await store.createProfessional(name.value);
  console.info(`Created ${professional.name} (id ${professional.id}).`);
  return professional;
}

/**
 * The professional with id `idOrName`, else the only one with that name (case
 * aside); null, after saying why on stderr, when there is none or several.
 */
async function findProfessional(store: Store, idOrName: string) {
  const byId = await store.getProfessional(idOrName);
  if (byId) return byId;
  const name = checkPersonName(idOrName);
  const wanted = name.ok ? name.value.toLocaleLowerCase() : undefined;
  const named = (await store.listProfessionals()).filter((p) =>
    p.name.normalize("NFC").toLocaleLowerCase() === wanted
  );
  if (named.length === 1) return named[0];
  if (named.length === 0) {
    console.error(`No professional has the id or name "${idOrName}". See: deno task pro list`);
  } else {
    console.error(
      `${named.length} professionals are named "${idOrName}"; give the id instead:\n` +
        named.map((p) => `  deno task pro link ${p.id}`).join("\n"),
    );
  }
  return null;
}

async function list(store: Store): Promise<number> {
  const professionals = await store.listProfessionals();
  if (professionals.length === 0) {
    console.info('No professionals yet. Add one with: deno task pro add "<name>"');
  }
  for (const p of professionals) console.info(`${p.id}\t${p.name}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
