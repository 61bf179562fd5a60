/**
 * A component drawn again only when its props change (shallowly), like preact/compat's `memo`
 * without the compat layer in every call page. Signals the component reads still redraw it.
 */
import { Component, type FunctionComponent, h } from "preact";

/** Whether `a` and `b` have the same keys with the same values (`Object.is`). */
export function sameProps(a: object, b: object): boolean {
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length &&
    ka.every((k) =>
      Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    );
}

/** `render`, skipped when its parent draws it again with the same props. */
export function memo<P extends object>(render: FunctionComponent<P>) {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !sameProps(this.props, next);
    }
    override render(props: P) {
      return h(render, props);
    }
  };
}
