/**
 * The name of the form field that carries the CSRF token (web/csrf.ts checks it): a constant of
 * its own so the server-rendered forms in components/ name the field without importing the
 * request-level code that checks it.
 */
export const CSRF_FIELD = "csrf";
