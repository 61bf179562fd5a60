import type { PageProps } from "$fresh/server.ts";

export default function ById({ params, route }: PageProps) {
  return <p>id={params.id} route={route}</p>;
}
