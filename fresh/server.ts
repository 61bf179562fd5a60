/**
 * Server API (`$fresh/server.ts`), named as in Fresh 1.x.
 *
 * @example
 * ```ts
 * import { createHandler } from "$fresh/server.ts";
 * import manifest from "./fresh.gen.ts";
 * Deno.serve(await createHandler(manifest));
 * ```
 */
export { createHandler, type RequestHandler } from "./handler.ts";
export type {
  AppProps,
  AsyncRoute,
  Destination,
  ErrorPageProps,
  FreshContext,
  FreshOptions,
  Handler,
  HandlerContext,
  Handlers,
  IslandModule,
  KnownMethod,
  LayoutProps,
  Manifest,
  MiddlewareHandler,
  MiddlewareHandlerContext,
  PageProps,
  RouteConfig,
  RouteModule,
  UnknownPageProps,
} from "./types.ts";
