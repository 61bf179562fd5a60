import { ErrorPage } from "../components/ErrorPage.tsx";

/** Shown when a route fails unexpectedly; details stay in the server log. */
export default function ServerError() {
  return (
    <ErrorPage title="Something went wrong">
      Frontdesk hit an unexpected error. Nothing you did caused it; please try again in a moment.
    </ErrorPage>
  );
}
