/**
 * The link-signing secret: from the environment, else generated once into the
 * data directory (mode 0600) and reused on every later start. A secret file
 * other users could read or replace is refused, never silently tightened: it
 * may already have leaked. Never logged.
 */

import { ConfigError, MIN_SECRET_BYTES } from "./config.ts";
import { ensureDataDir } from "./open_store.ts";
import { assertPrivate } from "./private_paths.ts";

/** File name of the generated secret inside the data directory. */
export const SECRET_FILE = "link-secret";

/** Size of a generated secret, in bytes. */
export const GENERATED_SECRET_BYTES = 48;

/**
 * Returns the signing secret. `fromEnv` (already validated by `loadConfig`)
 * wins; otherwise the file in `dataDir` is read, or created on first start.
 * Throws a {@linkcode ConfigError} for an unsafe or too short file.
 */
export async function loadSigningSecret(
  dataDir: string,
  fromEnv?: Uint8Array,
): Promise<Uint8Array> {
  if (fromEnv !== undefined) return fromEnv;
  const path = `${dataDir}/${SECRET_FILE}`;
  await ensureDataDir(dataDir);
  const existing = await readSecretFile(path);
  if (existing) return existing;
  return await createSecretFile(dataDir, path);
}

async function readSecretFile(path: string): Promise<Uint8Array | null> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  assertPrivate(path, info, "signing secret");
  const bytes = await Deno.readFile(path);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `The signing secret in ${path} is ${bytes.length} bytes; at least ${MIN_SECRET_BYTES} ` +
        "are required. Remove the file to generate a new one (this ends every issued link).",
    );
  }
  return bytes;
}

/**
 * Writes fresh random bytes to a private temporary file, then links it into
 * place. A hard link (unlike rename) fails if the target exists, so two
 * first starts racing each other end up sharing one secret.
 */
async function createSecretFile(dataDir: string, path: string): Promise<Uint8Array> {
  const secret = crypto.getRandomValues(new Uint8Array(GENERATED_SECRET_BYTES));
  const temp = `${dataDir}/.${SECRET_FILE}.${crypto.randomUUID()}.tmp`;
  await Deno.writeFile(temp, secret, { createNew: true, mode: 0o600 });
  try {
    await Deno.link(temp, path);
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    const winner = await readSecretFile(path);
    if (winner) return winner;
    throw err;
  } finally {
    await Deno.remove(temp);
  }
  return secret;
}
