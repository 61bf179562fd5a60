/**
 * A stand-in parent for preact's `hydrate`/`render` whose children are only the nodes between
 * two comment markers, so an island hydrates in place without a wrapper element.
 */
export function createRootFragment(start: Comment, end: Comment): HTMLElement {
  const parent = start.parentNode as Element;
  const children = (): ChildNode[] => {
    const nodes: ChildNode[] = [];
    for (let node = start.nextSibling; node && node !== end; node = node.nextSibling) {
      nodes.push(node);
    }
    return nodes;
  };
  const fragment = {
    nodeType: 1,
    parentNode: parent,
    namespaceURI: parent.namespaceURI,
    ownerDocument: parent.ownerDocument,
    get firstChild() {
      const first = start.nextSibling;
      return first === end ? null : first;
    },
    get childNodes() {
      return children();
    },
    insertBefore(node: Node, child: Node | null) {
      return parent.insertBefore(node, child ?? end);
    },
    appendChild(node: Node) {
      return parent.insertBefore(node, end);
    },
    removeChild(node: Node) {
      return parent.removeChild(node);
    },
    contains(node: Node | null) {
      return children().some((child) => child === node || child.contains(node));
    },
  };
  return fragment as unknown as HTMLElement;
}
