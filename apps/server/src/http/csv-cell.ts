/** One CSV cell for the exports (chronology, obligations): always quoted, and defused when a spreadsheet would read it as a formula. */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}
