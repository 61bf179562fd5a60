import { signal } from "@preact/signals";
import Counter from "../islands/Counter.tsx";
import Echo from "../islands/Echo.tsx";
import Outer from "../islands/Outer.tsx";

export default function IslandsPage() {
  const shared = signal(10);
  return (
    <div id="page">
      <h1>Islands</h1>
      <Counter start={3} label="first" />
      <Echo
        shared={shared}
        info={{ when: new Date("2025-01-02T03:04:05.000Z"), missing: undefined, list: [1, "two"] }}
      />
      <Counter start={0} label="shared" shared={shared} />
      <Outer />
    </div>
  );
}
