/** Writing CSV: RFC 4180 quoting of one row (the error reports, the sample generator, tests). */
export type CsvValue = string | number | boolean | null | undefined;

export function csvRow(values: readonly CsvValue[]): string {
  return values
    .map((value) => {
      if (value === null || value === undefined) return '';
      const text = String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
