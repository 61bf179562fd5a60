import type { AppProps } from "$fresh/server.ts";

export default function App({ Component, state }: AppProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>fixture</title>
      </head>
      <body data-trail={String((state.trail as string[] | undefined)?.join(">") ?? "")}>
        <Component />
      </body>
    </html>
  );
}
