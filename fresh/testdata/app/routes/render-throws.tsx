export default function RenderThrows(): never {
  throw new Error("component exploded");
}
