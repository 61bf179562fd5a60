import { ErrorPage } from "../components/ErrorPage.tsx";

/** Shown for any path that matches no route or static file. */
export default function NotFound() {
  return (
    <ErrorPage title="Page not found">
      There is nothing at this address. If someone sent you a link, check that it was copied whole.
    </ErrorPage>
  );
}
