import type { UnknownPageProps } from "$fresh/server.ts";

export default function NotFound({ url }: UnknownPageProps) {
  return <h1>No page at {url.pathname}</h1>;
}
