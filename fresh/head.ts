/**
 * `<Head>` (Fresh 1.x): children are moved into the document's `<head>` on the server. The
 * server render installs a sink to collect them; without one (in the browser) it renders nothing.
 */
import type { ComponentChildren } from "preact";

export interface HeadProps {
  children?: ComponentChildren;
}

let sink: ((children: ComponentChildren) => void) | null = null;

/** Used by the server render: collect `<Head>` children while a page renders. */
export function setHeadSink(next: ((children: ComponentChildren) => void) | null): void {
  sink = next;
}

export function Head({ children }: HeadProps): null {
  sink?.(children);
  return null;
}
