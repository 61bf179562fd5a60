import type { PageProps } from "$fresh/server.ts";
import { Document } from "../components/Document.tsx";

/** The outer HTML document of every page. */
export default function App({ Component }: PageProps & { Component: () => unknown }) {
  return (
    <Document>
      <Component />
    </Document>
  );
}
