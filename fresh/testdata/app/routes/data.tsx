import type { Handlers, PageProps } from "$fresh/server.ts";

interface Data {
  message: string;
}

export const handler: Handlers<Data> = {
  GET(_req, ctx) {
    return ctx.render({ message: "from handler" }, { status: 203, headers: { "X-Data": "1" } });
  },
};

export default function DataPage({ data }: PageProps<Data>) {
  return <p>message={data.message}</p>;
}
