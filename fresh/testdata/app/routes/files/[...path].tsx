import type { PageProps } from "$fresh/server.ts";

export default function Files({ params }: PageProps) {
  return <p>path={params.path}</p>;
}
