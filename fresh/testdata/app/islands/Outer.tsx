import Counter from "./Counter.tsx";

/** An island rendering another island: the inner one is a plain component. */
export default function Outer() {
  return (
    <div class="outer">
      <Counter start={100} label="inner" />
    </div>
  );
}
