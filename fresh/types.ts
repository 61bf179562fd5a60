/**
 * Public types of the Fresh-1.x-compatible layer. Names and shapes mirror Fresh 1.x so that an
 * app can move to real Fresh with an import-map change.
 */
import type { ComponentType, VNode } from "preact";

/** HTTP methods a route's handler object may define. */
export type KnownMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "PATCH";

/** Where a request is going, decided before middleware runs (as in Fresh 1.x). */
export type Destination = "route" | "static" | "internal" | "notFound";

// deno-lint-ignore no-explicit-any
type AnyData = any;

/** The per-request context given to middleware, handlers and async route components. */
export interface FreshContext<S = Record<string, unknown>, T = AnyData> {
  req: Request;
  url: URL;
  /** Route parameters, already percent-decoded. */
  params: Record<string, string>;
  /** Shared between middleware and the route; middleware may fill it. */
  state: S;
  /** The matched route pattern, e.g. `/blog/:slug` (empty when no route matched). */
  route: string;
  remoteAddr: Deno.NetAddr;
  destination: Destination;
  /** Data passed to `render` (set while an async route component runs). */
  data: T;
  /** The error being rendered by `_500` (only there). */
  error?: unknown;
  /**
   * Our extension: the per-request CSP nonce. Every inline script the framework writes carries
   * it, so the root middleware can send `script-src 'nonce-…'`.
   */
  nonce: string;
  /** Renders the route's page component with `data`. */
  render(data?: T, init?: ResponseInit): Promise<Response>;
  /** Renders the `_404` page with status 404. */
  renderNotFound(data?: T): Promise<Response>;
  /** In middleware: runs the next middleware or the destination. */
  next(): Promise<Response>;
}

/** Fresh 1.x name kept for older code. */
export type HandlerContext<T = AnyData, S = Record<string, unknown>> = FreshContext<S, T>;

export type Handler<T = AnyData, S = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<S, T>,
) => Response | Promise<Response>;

export type Handlers<T = AnyData, S = Record<string, unknown>> = {
  [K in KnownMethod]?: Handler<T, S>;
};

export type MiddlewareHandler<S = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<S>,
) => Response | Promise<Response>;

/** Fresh 1.x name kept for older code. */
export type MiddlewareHandlerContext<S = Record<string, unknown>> = FreshContext<S>;

export interface PageProps<T = AnyData, S = Record<string, unknown>> {
  url: URL;
  params: Record<string, string>;
  data: T;
  state: S;
  route: string;
  /** Only set when rendering the `_500` page. */
  error?: unknown;
}

export interface LayoutProps<T = AnyData, S = Record<string, unknown>> extends PageProps<T, S> {
  /** The next inner layer (layout or page). */
  Component: ComponentType<Record<never, never>>;
}

export type AppProps<T = AnyData, S = Record<string, unknown>> = LayoutProps<T, S>;

export type UnknownPageProps<T = AnyData, S = Record<string, unknown>> = PageProps<T, S>;

export interface ErrorPageProps<S = Record<string, unknown>> extends PageProps<undefined, S> {
  error: unknown;
  /** The route pattern that failed (Fresh 1.x field). */
  pattern: string;
}

export interface RouteConfig {
  /** A URLPattern pathname used instead of the file-based path. */
  routeOverride?: string;
  /** Render this page without `_app`. */
  skipAppWrapper?: boolean;
  /** On a page: no layouts. On a layout: ignore the layouts of outer folders. */
  skipInheritedLayouts?: boolean;
}

/** An async route component (Fresh 1.x): returns markup or a Response. */
export type AsyncRoute<T = AnyData, S = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<S, T>,
) => Promise<VNode | Response | null>;

/** Any module under `routes/`: pages, API routes, `_app`, `_layout`, `_middleware`, … */
export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any> | AsyncRoute<any, any>;
  handler?:
    // deno-lint-ignore no-explicit-any
    | Handler<any, any>
    // deno-lint-ignore no-explicit-any
    | Handlers<any, any>
    // deno-lint-ignore no-explicit-any
    | MiddlewareHandler<any>
    // deno-lint-ignore no-explicit-any
    | MiddlewareHandler<any>[];
  config?: RouteConfig;
}

/** A module under `islands/`: its default export is the island. */
export interface IslandModule {
  // deno-lint-ignore no-explicit-any
  default: ComponentType<any>;
}

/** The shape of the generated `fresh.gen.ts`. */
export interface Manifest {
  routes: Record<string, RouteModule>;
  islands: Record<string, IslandModule>;
  /** `import.meta.url` of `fresh.gen.ts`: the app's root. */
  baseUrl: string;
}

export interface FreshOptions {
  /** Default: `static/` beside `manifest.baseUrl`. */
  staticDir?: string | URL;
  /** Dev mode: skip the manifest freshness check and immutable caching of `asset()` URLs. */
  dev?: boolean;
  /** Where built bundles are kept between starts (bundle_cache.ts). Default: none, build each start. */
  bundleCacheDir?: string;
}
