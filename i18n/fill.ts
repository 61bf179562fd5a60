/**
 * Fills `{name}` placeholders of an island's message. Islands get their strings as props (the
 * catalogs and intl-messageformat stay on the server, keeping page scripts small), so the
 * messages they get use plain `{name}` placeholders only (catalogs_test.ts checks).
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(
    /\{(\w+)\}/g,
    (whole, name: string) => name in values ? String(values[name]) : whole,
  );
}
