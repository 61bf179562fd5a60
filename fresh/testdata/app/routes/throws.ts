export const handler = () => {
  throw new Error("handler exploded");
};
