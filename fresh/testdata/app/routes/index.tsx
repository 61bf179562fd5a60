export default function Home() {
  return <h1>Home without islands</h1>;
}
