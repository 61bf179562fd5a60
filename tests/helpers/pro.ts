/**
 * Creates a professional the way an operator does (`deno task pro add`) and
 * returns the token of the printed dashboard link.
 */
const ROOT = new URL("../../", import.meta.url);

/**
 * Runs `scripts/pro.ts add <name> --email <email>` on `dataDir`; returns the dashboard link
 * token. The address defaults to a fresh one under example.com.
 */
export async function addProfessional(
  dataDir: string,
  name: string,
  env: Record<string, string> = {},
  email = `pro-${crypto.randomUUID().slice(0, 8)}@example.com`,
  /** More options of `pro add`, e.g. `["--admin"]`. */
  options: string[] = [],
): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/pro.ts", "add", name, "--email", email, ...options],
    cwd: ROOT,
    env: { DATA_DIR: dataDir, ...env },
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`pro add failed: ${new TextDecoder().decode(out.stderr)}`);
  const link = text.match(/Dashboard link: (\S+)/)?.[1];
  if (!link) throw new Error(`no dashboard link printed:\n${text}`);
  return new URL(link).searchParams.get("token")!;
}
