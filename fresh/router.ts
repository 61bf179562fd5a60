/**
 * The route table built from a manifest: which file answers which path, and which layouts and
 * middleware wrap it.
 */
import { comparePatterns, isGroupFolder, pathToPattern } from "./route_pattern.ts";
import type { Manifest, MiddlewareHandler, RouteModule } from "./types.ts";

export interface Route {
  /** Manifest key, e.g. `./routes/blog/[slug].tsx`. */
  file: string;
  /** URLPattern pathname, e.g. `/blog/:slug`. */
  pattern: string;
  module: RouteModule;
  /** Folder under `routes/` holding the file, `""` for the root; group folders included. */
  dir: string;
  urlPattern: URLPattern;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export interface Router {
  routes: Route[];
  app?: RouteModule;
  notFound?: RouteModule;
  error?: RouteModule;
  match(pathname: string): RouteMatch | null;
  /** Layout modules for a folder, outermost first. */
  layoutsFor(dir: string): RouteModule[];
  /** Middleware for a route: its folder and every folder above, outermost first. */
  middlewareForRoute(route: Route): MiddlewareHandler[];
  /** Middleware for a path with no route (static files, bundles, 404). */
  middlewareForPath(pathname: string): MiddlewareHandler[];
}

const ROUTE_PREFIX = "./routes/";

/** Builds the router; throws on a manifest key outside `./routes/`. */
export function buildRouter(manifest: Manifest): Router {
  const routes: Route[] = [];
  const layouts = new Map<string, RouteModule>();
  const middleware = new Map<string, MiddlewareHandler[]>();
  const specials: Record<string, RouteModule> = {};

  for (const [file, module] of Object.entries(manifest.routes)) {
    if (!file.startsWith(ROUTE_PREFIX)) {
      throw new Error(`Manifest route "${file}" must start with "${ROUTE_PREFIX}"`);
    }
    const path = file.slice(ROUTE_PREFIX.length).replace(/\.[jt]sx?$/, "");
    const slash = path.lastIndexOf("/");
    const dir = slash === -1 ? "" : path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (name === "_layout") layouts.set(dir, module);
    else if (name === "_middleware") middleware.set(dir, toMiddlewareList(file, module));
    else if (dir === "" && (name === "_app" || name === "_404" || name === "_500")) {
      specials[name] = module;
    } else {
      const pattern = module.config?.routeOverride ?? pathToPattern(path);
      routes.push({
        file,
        pattern,
        module,
        dir,
        urlPattern: new URLPattern({ pathname: pattern }),
      });
    }
  }
  routes.sort((a, b) => comparePatterns(a.pattern, b.pattern));

  const pathMiddleware = [...middleware.entries()]
    .filter(([dir]) => !dir.split("/").some(isGroupFolder))
    .sort(([a], [b]) => depth(a) - depth(b))
    .map(([dir, handlers]) => ({
      handlers,
      pattern: dir === "" ? null : new URLPattern({ pathname: `${pathToPattern(dir)}{/*}?` }),
    }));

  return {
    routes,
    app: specials._app,
    notFound: specials._404,
    error: specials._500,
    match(pathname) {
      for (const route of routes) {
        const result = route.urlPattern.exec({ pathname });
        if (result) return { route, params: decodeParams(result.pathname.groups) };
      }
      return null;
    },
    layoutsFor(dir) {
      const chain: RouteModule[] = [];
      for (const folder of ancestors(dir)) {
        const layout = layouts.get(folder);
        if (!layout) continue;
        if (layout.config?.skipInheritedLayouts) chain.length = 0;
        chain.push(layout);
      }
      return chain;
    },
    middlewareForRoute(route) {
      return ancestors(route.dir).flatMap((folder) => middleware.get(folder) ?? []);
    },
    middlewareForPath(pathname) {
      return pathMiddleware
        .filter(({ pattern }) => pattern === null || pattern.test({ pathname }))
        .flatMap(({ handlers }) => handlers);
    },
  };
}

function toMiddlewareList(file: string, module: RouteModule): MiddlewareHandler[] {
  const handler = module.handler;
  const list = Array.isArray(handler) ? handler : [handler];
  if (list.length === 0 || list.some((fn) => typeof fn !== "function")) {
    throw new Error(`${file} must export \`handler\`: a function or an array of functions`);
  }
  return list as MiddlewareHandler[];
}

/** `a/b` → `["", "a", "a/b"]`. */
function ancestors(dir: string): string[] {
  if (dir === "") return [""];
  const parts = dir.split("/");
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}

function depth(dir: string): number {
  return dir === "" ? 0 : dir.split("/").length;
}

function decodeParams(groups: Record<string, string | undefined>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) {
    if (value === undefined || /^\d+$/.test(key)) continue;
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      params[key] = value;
    }
  }
  return params;
}
