/**
 * axe-core (npm `axe-core`, pinned in deno.json) run in a Playwright page: the page's violations
 * of WCAG 2.2 levels A and AA (with the 2.0 and 2.1 rules those include). Injected through the
 * DevTools protocol, which the pages' Content-Security-Policy does not apply to, so the app's
 * real pages are checked with their real headers.
 *
 * @example
 * ```ts
 * const violations = await wcagViolations(page);
 * assert.deepEqual(violations, [], formatViolations(violations));
 * ```
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

/** axe's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** One rule broken, where, and why. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Options of {@linkcode wcagViolations}. */
export interface AxeOptions {
  /** Only this part of the page (a CSS selector); the whole document by default. */
  include?: string;
}

/** Runs axe-core in `page` (injecting it once per document); returns its WCAG 2.2 A/AA violations. */
export async function wcagViolations(page: Page, opts: AxeOptions = {}): Promise<Violation[]> {
  const injected = await page.evaluate(() => "axe" in globalThis);
  if (!injected) await page.evaluate((axe as unknown as { source: string }).source);
  return await page.evaluate(async ({ tags, include }) => {
    // deno-lint-ignore no-explicit-any
    const run = (globalThis as any).axe.run as (ctx: unknown, o: unknown) => Promise<any>;
    const result = await run(include ?? document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      // deno-lint-ignore no-explicit-any
      nodes: v.nodes.map((n: any) => ({
        target: n.target.join(" "),
        html: n.html.slice(0, 300),
        summary: n.failureSummary ?? "",
      })),
    }));
  }, { tags: WCAG_22_AA, include: opts.include });
}

/** The violations in words, for an assertion's message. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `  at ${n.target}: ${n.html}\n    ${n.summary.replaceAll("\n", "\n    ")}`)
      .join("\n")
  ).join("\n");
}
