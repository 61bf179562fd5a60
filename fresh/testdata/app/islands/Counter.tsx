import { type Signal, useSignal } from "@preact/signals";

interface CounterProps {
  start: number;
  label: string;
  shared?: Signal<number>;
}

export default function Counter({ start, label, shared }: CounterProps) {
  const count = useSignal(start);
  return (
    <div class="counter" data-label={label}>
      <span class="count">{count}</span>
      <button
        type="button"
        onClick={() => {
          count.value++;
          if (shared) shared.value++;
        }}
      >
        +1 {label}
      </button>
      {shared && <span class="shared">{shared}</span>}
    </div>
  );
}
