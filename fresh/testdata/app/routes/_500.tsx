import type { ErrorPageProps } from "$fresh/server.ts";

export default function ServerError({ error }: ErrorPageProps) {
  return <h1>Something broke: {error instanceof Error ? error.message : "unknown"}</h1>;
}
