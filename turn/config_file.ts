/** Writes a rendered coturn configuration where only its owner can read it (it holds the secret). */

/** Creates `<dir>/turnserver.conf` with mode 0600 and returns its path. */
export async function writeTurnConfigFile(dir: string, text: string): Promise<string> {
  const path = `${dir}/turnserver.conf`;
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  try {
    await Deno.chmod(path, 0o600); // the umask may have cleared bits of the mode above
    await file.write(new TextEncoder().encode(text));
  } finally {
    file.close();
  }
  return path;
}
