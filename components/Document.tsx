import type { ComponentChildren } from "preact";
import { asset } from "$fresh/runtime.ts";

/** The outer HTML document: used by `routes/_app.tsx` and by standalone refusal pages. */
export function Document(props: { children: ComponentChildren; title?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{props.title ?? "Frontdesk"}</title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}
