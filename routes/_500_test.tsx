import { match } from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import ServerError from "./_500.tsx";

const props = (locale: unknown) => ({
  url: new URL("http://x/"),
  params: {},
  data: undefined,
  state: { locale },
  route: "/",
});

Deno.test("the error page speaks the language the middleware picked, English without one", () => {
  match(renderToString(<ServerError {...props("fr")} />), /Un problème est survenu/);
  match(renderToString(<ServerError {...props("es")} />), /Algo salió mal/);
  match(renderToString(<ServerError {...props(undefined)} />), /Something went wrong/);
});
