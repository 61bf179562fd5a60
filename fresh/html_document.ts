/**
 * Finishes a rendered page: `<!DOCTYPE html>`, `<Head>` content, and for pages with islands the
 * props script plus one inline module script that loads the boot module and those islands.
 */
import type { ClientBundle } from "./bundle.ts";
import { escapeForScript } from "./serializer.ts";

/** URL prefix of bundle files: `/_frsh/js/<buildId>/<file>`. */
export const BUNDLE_PREFIX = "/_frsh/js/";

export interface DocumentParts {
  /** `renderToString` of the `_app` tree. */
  html: string;
  /** Extra markup for `<head>` (from `<Head>`). */
  head: string;
  nonce: string;
  buildId: string;
  /** Ids of islands on the page, in marker order, and their serialized props. */
  islands: { ids: string[]; stateJson: string } | null;
  bundle: ClientBundle | null;
}

export function buildDocument(parts: DocumentParts): string {
  const { html, nonce, islands, bundle } = parts;
  let head = parts.head;
  let body = "";
  if (islands && islands.ids.length > 0) {
    if (!bundle) throw new Error("A page rendered islands but no island bundle was built");
    const base = `${BUNDLE_PREFIX}${parts.buildId}/`;
    const ids = [...new Set(islands.ids)];
    const entries = [bundle.boot, ...ids.map((id) => islandFile(bundle, id))];
    const chunks = new Set(entries.flatMap((entry) => bundle.closure(entry)));
    for (const chunk of chunks) {
      head += `<link rel="modulepreload" href="${base}${chunk}" nonce="${nonce}">`;
    }
    const imports = ids.map((id, i) =>
      `import i${i} from${JSON.stringify(base + islandFile(bundle, id))};`
    );
    const revived = ids.map((id, i) => `${JSON.stringify(id)}:i${i}`).join(",");
    body += `<script id="__FRSH_STATE" type="application/json" nonce="${nonce}">` +
      `${escapeForScript(islands.stateJson)}</script>` +
      `<script type="module" nonce="${nonce}">` +
      `import{revive}from${JSON.stringify(base + bundle.boot)};${imports.join("")}` +
      `revive({${revived}},${JSON.stringify(parts.buildId)});</script>`;
  }
  return "<!DOCTYPE html>" +
    insertBefore(insertBefore(html, "</head>", head, false), "</body>", body, true);
}

function islandFile(bundle: ClientBundle, id: string): string {
  const file = bundle.islands.get(id);
  if (!file) throw new Error(`No bundle output for island "${id}"`);
  return file;
}

/** Inserts before the first (or last) `tag`, or appends when the tag is missing. */
function insertBefore(html: string, tag: string, insert: string, last: boolean): string {
  if (insert === "") return html;
  const at = last ? html.lastIndexOf(tag) : html.indexOf(tag);
  return at === -1 ? html + insert : html.slice(0, at) + insert + html.slice(at);
}
