/**
 * The config the island bundle is built with: the app's own `deno.json` (same import map, same
 * node_modules), except that JSX uses the automatic runtime. Deno's "precompile" JSX transform
 * is server-only: it turns `onClick={fn}` into an HTML attribute string and static markup into
 * string templates that preact cannot hydrate in the browser.
 */
import { dirname, join } from "node:path";

/** Finds the nearest `deno.json` at or above `startDir`. */
export async function findDenoConfig(startDir: string): Promise<string> {
  for (let dir = startDir;; dir = dirname(dir)) {
    const candidate = join(dir, "deno.json");
    try {
      if ((await Deno.stat(candidate)).isFile) return candidate;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (dirname(dir) === dir) {
      throw new Error(`No deno.json found at or above ${startDir}: islands cannot be bundled`);
    }
  }
}

/** The browser variant of a deno.json: automatic JSX runtime, no tasks, lint or fmt sections. */
export function browserConfig(configText: string): string {
  const config = JSON.parse(configText) as Record<string, unknown>;
  const compilerOptions = { ...(config.compilerOptions as Record<string, unknown> | undefined) };
  compilerOptions.jsx = "react-jsx";
  compilerOptions.jsxImportSource ??= "preact";
  const { tasks: _tasks, lint: _lint, fmt: _fmt, ...rest } = config;
  return JSON.stringify({ ...rest, compilerOptions }, null, 2);
}
