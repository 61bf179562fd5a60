/** Renderers for the tags rich messages use (`<code>…</code>`, `<link>…</link>`). */
import type { ComponentChildren } from "preact";

type Chunks = ComponentChildren[];

/** `<code>`: a command or setting name. */
export const code = (chunks: Chunks) => <code>{chunks}</code>;

/** `<strong>`. */
export const strong = (chunks: Chunks) => <strong>{chunks}</strong>;

/** `<link>` as a link to `href`. */
export const linkTo = (href: string) => (chunks: Chunks) => <a href={href}>{chunks}</a>;
