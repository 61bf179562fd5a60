import type { PageProps } from "$fresh/server.ts";

export default function Post({ params, state }: PageProps<unknown, { trail: string[] }>) {
  return <h1>Post {params.slug} trail={state.trail.join(">")}</h1>;
}
