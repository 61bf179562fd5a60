import type { Signal } from "@preact/signals";

interface EchoProps {
  shared: Signal<number>;
  info: { when: Date; missing?: string; list: (number | string)[] };
}

/** Shows what arrived, so the browser test can check deserialized props. */
export default function Echo({ shared, info }: EchoProps) {
  return (
    <p class="echo">
      <span class="echo-shared">{shared}</span>
      <span class="echo-types">
        {`${info.when instanceof Date ? "date" : typeof info.when}|${"missing" in info}|${
          info.list.join(",")
        }`}
      </span>
    </p>
  );
}
