import type { AppProps } from "$fresh/server.ts";
import { Document } from "../components/Document.tsx";

/** The outer HTML document of every page. */
export default function App({ Component }: AppProps) {
  return (
    <Document>
      <Component />
    </Document>
  );
}
