import type { LayoutProps } from "$fresh/server.ts";

export default function MarketingLayout({ Component }: LayoutProps) {
  return (
    <main class="marketing-layout">
      <Component />
    </main>
  );
}
