/**
 * `createHandler`: turns a manifest into a request handler for `Deno.serve`. Per request it
 * decides the destination (bundle file, static file, route, or not found), runs the matching
 * middleware outermost first, then answers; errors become the `_500` page.
 */
import { fileURLToPath } from "node:url";
import { setBuildId } from "./build_id.ts";
import { bundleClient, type ClientBundle } from "./bundle.ts";
import { isDevMode } from "./dev_mode.ts";
import { BUNDLE_PREFIX } from "./html_document.ts";
import { type IslandInfo, registerIslands } from "./island_render.ts";
import { assertManifestIsCurrent } from "./manifest.ts";
import { createNonce } from "./nonce.ts";
import { renderPage } from "./render_page.ts";
import { buildRouter, type Route, type Router } from "./router.ts";
import { ASSET_CACHE_PARAM } from "./runtime.ts";
import {
  createStaticFiles,
  isTraversalAttempt,
  respondWithFile,
  type StaticFile,
} from "./static_files.ts";
import { sha256Hex } from "./hash.ts";
import type {
  Destination,
  FreshContext,
  FreshOptions,
  Handler,
  Handlers,
  Manifest,
  MiddlewareHandler,
  RouteModule,
} from "./types.ts";

export type RequestHandler = (req: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>;

const BOOT_MODULE = new URL("./client/boot.ts", import.meta.url);
const IMMUTABLE = "public, max-age=31536000, immutable";
const NO_REMOTE_ADDR: Deno.NetAddr = { transport: "tcp", hostname: "0.0.0.0", port: 0 };

/**
 * Builds the island bundles (in memory) and returns the request handler.
 *
 * @throws {Error} when `fresh.gen.ts` is stale (outside dev mode) or bundling fails.
 */
export async function createHandler(
  manifest: Manifest,
  options: FreshOptions = {},
): Promise<RequestHandler> {
  const dev = options.dev ?? isDevMode();
  const baseUrl = new URL(manifest.baseUrl);
  if (!dev && baseUrl.protocol === "file:") {
    await assertManifestIsCurrent(fileURLToPath(new URL(".", baseUrl)));
  }
  const router = buildRouter(manifest);
  const islands = islandInfos(manifest);
  registerIslands(islands);
  const staticDir = options.staticDir ?? new URL("./static/", baseUrl);
  const staticFiles = createStaticFiles(
    staticDir instanceof URL ? fileURLToPath(staticDir) : staticDir,
  );
  const bundle = islands.length === 0 ? null : await bundleClient(
    BOOT_MODULE,
    new Map(islands.map((i) => [i.id, new URL(i.file, baseUrl)])),
    fileURLToPath(new URL(".", baseUrl)),
    options.bundleCacheDir,
  );
  const buildId = (await sha256Hex(`${bundle?.hash ?? ""}\n${await staticFiles.fingerprint()}`))
    .slice(0, 16);
  setBuildId(buildId);
  const app = { router, bundle, buildId, dev, staticFiles };
  return (req, info) => handleRequest(app, req, info?.remoteAddr as Deno.NetAddr | undefined);
}

interface App {
  router: Router;
  bundle: ClientBundle | null;
  buildId: string;
  dev: boolean;
  staticFiles: ReturnType<typeof createStaticFiles>;
}

type Target =
  | { destination: "internal"; bytes: Uint8Array }
  | { destination: "static"; file: StaticFile }
  | { destination: "route"; route: Route; params: Record<string, string> }
  | { destination: "notFound" };

async function handleRequest(
  app: App,
  req: Request,
  remoteAddr: Deno.NetAddr | undefined,
): Promise<Response> {
  const url = new URL(req.url);
  if (url.pathname.length > 1 && url.pathname.endsWith("/")) {
    // Fresh 1.x redirects `/about/` to `/about`. Leading slashes are collapsed so `//evil.com/`
    // cannot become a protocol-relative redirect.
    const path = url.pathname.replace(/\/+$/, "").replace(/^\/+/, "/") || "/";
    return new Response(null, { status: 307, headers: { Location: path + url.search } });
  }
  const target = await resolveTarget(app, url.pathname);
  const ctx = createContext(app, req, url, target, remoteAddr ?? NO_REMOTE_ADDR);
  const middleware = target.destination === "route"
    ? app.router.middlewareForRoute(target.route)
    : app.router.middlewareForPath(url.pathname);
  try {
    return await runMiddleware(middleware, req, ctx, () => dispatch(app, req, ctx, target));
  } catch (error) {
    return await renderError(app, req, ctx, error);
  }
}

async function resolveTarget(app: App, pathname: string): Promise<Target> {
  if (isTraversalAttempt(pathname)) return { destination: "notFound" };
  if (pathname.startsWith(BUNDLE_PREFIX)) {
    const rest = pathname.slice(BUNDLE_PREFIX.length);
    const slash = rest.indexOf("/");
    const bytes = rest.slice(0, slash) === app.buildId
      ? app.bundle?.files.get(rest.slice(slash + 1))
      : undefined;
    return bytes ? { destination: "internal", bytes } : { destination: "notFound" };
  }
  const file = await app.staticFiles.lookup(pathname);
  if (file) return { destination: "static", file };
  const match = app.router.match(pathname);
  return match ? { destination: "route", ...match } : { destination: "notFound" };
}

function runMiddleware(
  middleware: MiddlewareHandler[],
  req: Request,
  ctx: FreshContext,
  last: () => Promise<Response>,
): Promise<Response> {
  const step = async (i: number): Promise<Response> => {
    if (i === middleware.length) {
      ctx.next = () => Promise.reject(new Error("ctx.next() was called by a route handler"));
      return await last();
    }
    let called = false;
    ctx.next = () => {
      if (called) return Promise.reject(new Error("ctx.next() called twice by one middleware"));
      called = true;
      return step(i + 1);
    };
    return await middleware[i](req, ctx);
  };
  return step(0);
}

async function dispatch(
  app: App,
  req: Request,
  ctx: FreshContext,
  target: Target,
): Promise<Response> {
  try {
    switch (target.destination) {
      case "internal":
        return methodNotAllowed(req, ["GET", "HEAD"]) ?? new Response(
          req.method === "HEAD" ? null : target.bytes as Uint8Array<ArrayBuffer>,
          {
            headers: {
              "Content-Type": "text/javascript; charset=utf-8",
              "Cache-Control": IMMUTABLE,
            },
          },
        );
      case "static": {
        const busted = new URL(req.url).searchParams.get(ASSET_CACHE_PARAM) === app.buildId;
        return methodNotAllowed(req, ["GET", "HEAD"]) ??
          await respondWithFile(req, target.file, busted && !app.dev);
      }
      case "route":
        return await dispatchRoute(req, ctx, target.route);
      case "notFound":
        return await ctx.renderNotFound();
    }
  } catch (error) {
    return await renderError(app, req, ctx, error);
  }
}

async function dispatchRoute(req: Request, ctx: FreshContext, route: Route): Promise<Response> {
  const { handler, default: page } = route.module;
  let response: Response;
  if (typeof handler === "function") {
    response = await (handler as Handler)(req, ctx);
  } else {
    const handlers: Handlers = { ...(handler as Handlers | undefined) };
    if (page && !handlers.GET) handlers.GET = (_req, ctx) => ctx.render();
    const method = req.method as keyof Handlers;
    const fn = handlers[method] ?? (method === "HEAD" ? handlers.GET : undefined);
    if (!fn) {
      const allowed = Object.keys(handlers);
      if (handlers.GET && !handlers.HEAD) allowed.push("HEAD");
      return methodNotAllowed(req, allowed)!;
    }
    response = await fn(req, ctx);
  }
  if (req.method !== "HEAD" || response.body === null) return response;
  await response.body.cancel();
  return new Response(null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function methodNotAllowed(req: Request, allowed: string[]): Response | null {
  if (allowed.includes(req.method)) return null;
  return new Response("Method Not Allowed", {
    status: 405,
    headers: { "Allow": allowed.join(", "), "Content-Type": "text/plain; charset=utf-8" },
  });
}

function createContext(
  app: App,
  req: Request,
  url: URL,
  target: Target,
  remoteAddr: Deno.NetAddr,
): FreshContext {
  const route = target.destination === "route" ? target.route : null;
  const ctx: FreshContext = {
    req,
    url,
    params: target.destination === "route" ? target.params : {},
    state: {},
    route: route?.pattern ?? "",
    remoteAddr,
    destination: target.destination as Destination,
    data: undefined,
    nonce: createNonce(),
    render(data, init) {
      if (!route?.module.default) {
        return Promise.reject(new Error(`${route?.file ?? url.pathname} has no page component`));
      }
      return renderToResponse(app, req, ctx, route.module, route.dir, data, init);
    },
    renderNotFound(data) {
      const page = app.router.notFound ?? { default: DefaultNotFound };
      return renderToResponse(app, req, ctx, page, "", data, { status: 404 });
    },
    next: () => Promise.reject(new Error("ctx.next() is only available in middleware")),
  };
  return ctx;
}

async function renderToResponse(
  app: App,
  req: Request,
  ctx: FreshContext,
  page: RouteModule,
  dir: string,
  data: unknown,
  init: ResponseInit | undefined,
  extraProps: Record<string, unknown> = {},
): Promise<Response> {
  const config = page.config ?? {};
  const layouts = config.skipInheritedLayouts ? [] : app.router.layoutsFor(dir);
  const skipApp = config.skipAppWrapper || layouts.some((layout) => layout.config?.skipAppWrapper);
  const result = await renderPage({
    req,
    ctx,
    props: {
      url: ctx.url,
      params: ctx.params,
      data,
      state: ctx.state,
      route: ctx.route,
      ...extraProps,
    },
    layers: { app: skipApp ? { default: BareApp } : app.router.app, layouts, page },
    buildId: app.buildId,
    bundle: app.bundle,
  });
  if (result instanceof Response) return result;
  const headers = new Headers(init?.headers);
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(result, {
    status: init?.status ?? 200,
    statusText: init?.statusText,
    headers,
  });
}

/** Logs the error (path only: query strings may carry tokens) and renders `_500`. */
async function renderError(
  app: App,
  req: Request,
  ctx: FreshContext,
  error: unknown,
): Promise<Response> {
  console.error(`Error while handling ${req.method} ${ctx.url.pathname}:`, error);
  try {
    const page = app.router.error ?? { default: DefaultError };
    ctx.error = error;
    return await renderToResponse(app, req, ctx, page, "", undefined, { status: 500 }, {
      error,
      pattern: ctx.route,
    });
  } catch (renderFailure) {
    console.error("The error page failed too:", renderFailure);
    return new Response("Internal Server Error", {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

function islandInfos(manifest: Manifest): IslandInfo[] {
  const used = new Set<string>();
  return Object.entries(manifest.islands).map(([file, module]) => {
    if (typeof module.default !== "function") {
      throw new Error(`Island ${file} must export a component as default`);
    }
    const name = file.replace(/^.*\//, "").replace(/\.[jt]sx?$/, "");
    let id = `${name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_default`;
    for (let i = 1; used.has(id); i++) id = `${name.toLowerCase()}${i}_default`;
    used.add(id);
    return { id, name, file, component: module.default };
  });
}

function DefaultNotFound() {
  return "Not Found";
}

function DefaultError() {
  return "Internal Server Error";
}

/** Used for `skipAppWrapper`: the page's own markup is the whole document. */
function BareApp({ Component }: { Component: () => unknown }) {
  return (Component as () => null)();
}
