import type { LayoutProps } from "$fresh/server.ts";

export default function BlogLayout({ Component }: LayoutProps) {
  return (
    <section class="blog-layout">
      <Component />
    </section>
  );
}
