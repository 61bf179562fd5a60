import Counter from "../islands/Counter.tsx";

export default function BadIsland() {
  // @ts-expect-error: a function prop cannot be serialized, which is what this page tests
  return <Counter start={1} label="bad" onDone={() => {}} />;
}
