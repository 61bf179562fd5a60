/**
 * Renders a page: the page component inside its layouts inside `_app`, to a full HTML document.
 * Async components (Fresh 1.x "async routes") are called with `(req, ctx)` first, from the
 * innermost out, and may return a Response instead of markup.
 */
import { type ComponentChildren, type ComponentType, Fragment, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { ClientBundle } from "./bundle.ts";
import { setHeadSink } from "./head.ts";
import { buildDocument } from "./html_document.ts";
import { collectIslands } from "./island_render.ts";
import { serializeState } from "./serializer.ts";
import type { FreshContext, PageProps, RouteModule } from "./types.ts";

export interface PageLayers {
  /** `_app`, or undefined for the built-in document. */
  app?: RouteModule;
  /** Outermost first. */
  layouts: RouteModule[];
  page: RouteModule;
}

export interface RenderInput {
  req: Request;
  ctx: FreshContext;
  props: PageProps & Record<string, unknown>;
  layers: PageLayers;
  buildId: string;
  bundle: ClientBundle | null;
}

/** Returns the HTML document, or the Response an async component chose to return. */
export async function renderPage(input: RenderInput): Promise<string | Response> {
  const { req, ctx, props, layers } = input;
  const components = [
    ...(layers.app ? [layers.app.default] : [DefaultApp]),
    ...layers.layouts.map((layout) => layout.default),
    layers.page.default,
  ].filter((component) => component !== undefined);

  let inner: VNode | null = null;
  for (let i = components.length - 1; i >= 0; i--) {
    const child = inner;
    const Component = () => child;
    const layerProps = i === components.length - 1 ? props : { ...props, Component };
    const component = components[i];
    if (isAsync(component)) {
      const layerCtx = Object.assign(Object.create(ctx), { Component, data: props.data });
      const result = await component(req, layerCtx);
      if (result instanceof Response) return result;
      inner = result;
    } else {
      inner = h(component as ComponentType<Record<string, unknown>>, layerProps) as VNode;
    }
  }

  const headParts: ComponentChildren[] = [];
  setHeadSink((children) => headParts.push(children));
  let rendered;
  try {
    rendered = collectIslands(() => renderToString(inner ?? h("html", null)));
  } finally {
    setHeadSink(null);
  }
  const { result: html, collected } = rendered;
  const islands = collected.islands.length > 0
    ? { ids: collected.ids, stateJson: serializeState(collected.islands) }
    : null;
  return buildDocument({
    html,
    head: headParts.map((children) => renderToString(h(Fragment, null, children))).join(""),
    nonce: ctx.nonce,
    buildId: input.buildId,
    islands,
    bundle: input.bundle,
  });
}

// deno-lint-ignore no-explicit-any
function isAsync(fn: unknown): fn is (req: Request, ctx: any) => Promise<VNode | Response | null> {
  return typeof fn === "function" && fn.constructor.name === "AsyncFunction";
}

/** The document used when the app has no `_app.tsx`. */
function DefaultApp({ Component }: { Component: ComponentType }) {
  return h(
    "html",
    null,
    h(
      "head",
      null,
      h("meta", { charset: "utf-8" }),
      h("meta", { name: "viewport", content: "width=device-width, initial-scale=1.0" }),
    ),
    h("body", null, h(Component, null)),
  );
}
