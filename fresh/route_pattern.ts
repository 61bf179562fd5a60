/**
 * Turns a `routes/` file path into a URLPattern pathname and a rank used to sort routes so that
 * static segments beat `[param]` segments, which beat `[...rest]` catch-alls.
 */

/**
 * `blog/[slug]` → `/blog/:slug`; `(group)/about` → `/about`; `index` → `/`;
 * `[...rest]` → `/:rest*`; `[[lang]]` → `{/:lang}?`; `post-[id]` → `/post-:id`.
 *
 * @param path a path relative to `routes/`, without extension, with `/` separators.
 */
export function pathToPattern(path: string): string {
  const parts = path.split("/").filter((part) => !isGroupFolder(part));
  if (parts.at(-1) === "index") parts.pop();
  let pattern = "";
  for (const part of parts) {
    const optional = /^\[\[([^\]]+)\]\]$/.exec(part);
    if (optional) {
      pattern += `{/:${paramName(optional[1])}}?`;
      continue;
    }
    pattern += "/" + part
      .replace(/\[\.\.\.([^\]]+)\]/g, (_, name) => `:${paramName(name)}*`)
      .replace(/\[([^\]]+)\]/g, (_, name) => `:${paramName(name)}`);
  }
  return pattern === "" ? "/" : pattern;
}

/** `(marketing)` folders group files without adding a URL segment. */
export function isGroupFolder(part: string): boolean {
  return part.startsWith("(") && part.endsWith(")");
}

function paramName(name: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new Error(`Invalid route parameter name "${name}": use letters, digits and _`);
  }
  return name;
}

/**
 * One rank per segment: 0 static, 1 static mixed with a param, 2 a whole param, 3 optional,
 * 4 catch-all. Lower sorts first.
 */
export function patternRank(pattern: string): number[] {
  const segments = pattern.match(/\{\/[^}]*\}\?|\/[^/{]*/g) ?? [];
  return segments.map((segment) => {
    if (segment.startsWith("{")) return 3;
    if (/:\w+\*|\*/.test(segment)) return 4;
    if (/^\/:\w+$/.test(segment)) return 2;
    if (segment.includes(":")) return 1;
    return 0;
  });
}

/** Compares two patterns by rank, then by length (more segments first), then by text. */
export function comparePatterns(a: string, b: string): number {
  const rankA = patternRank(a);
  const rankB = patternRank(b);
  for (let i = 0; i < Math.min(rankA.length, rankB.length); i++) {
    if (rankA[i] !== rankB[i]) return rankA[i] - rankB[i];
  }
  if (rankA.length !== rankB.length) return rankB.length - rankA.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
