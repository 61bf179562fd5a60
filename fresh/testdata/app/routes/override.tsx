import type { PageProps, RouteConfig } from "$fresh/server.ts";

export const config: RouteConfig = { routeOverride: "/custom/:name" };

export default function Override({ params }: PageProps) {
  return <p>override name={params.name}</p>;
}
