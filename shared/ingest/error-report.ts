/** The error report written beside a submission: a CSV a person opens in Excel, and JSON. */
import { csvRow } from './csv-format';
import { csvSafeText } from '../excel/excel-safety';
import type { RowError, SubmissionStatus } from '../domain/submission-status';

export function errorReportCsv(statuses: readonly SubmissionStatus[], errorsBySheet: ReadonlyMap<number, RowError[]>): string {
  // The BOM makes Excel open the UTF-8 file with Chinese text intact.
  const lines = ['\uFEFF工作表 sheet,行 row,列 column,说明 message'];
  for (const status of statuses) {
    const errors = errorsBySheet.get(status.sheetIndex) ?? [];
    for (const e of errors) {
      lines.push(csvRow([status.sheet ?? '', String(e.row), e.column, e.message].map(csvSafeText)));
    }
    if (status.errorCount > errors.length) {
      const more = status.errorCount - errors.length;
      lines.push(csvRow([status.sheet ?? '', '', '', `另有 ${more} 条错误未列出 / ${more} more errors not listed`].map(csvSafeText)));
    }
    for (const w of status.warnings) lines.push(csvRow([status.sheet ?? '', '', '', `警告 warning：${w}`].map(csvSafeText)));
  }
  return lines.join('\r\n') + '\r\n';
}

export function errorReportJson(statuses: readonly SubmissionStatus[], errorsBySheet: ReadonlyMap<number, RowError[]>): string {
  return JSON.stringify(
    {
      key: statuses[0]?.key,
      sheets: statuses.map((s) => ({
        sheet: s.sheet ?? null,
        dataset: s.dataset,
        status: s.status,
        rows: s.rows,
        accepted: s.accepted,
        rejected: s.rejected,
        errorCount: s.errorCount,
        warnings: s.warnings,
        errors: errorsBySheet.get(s.sheetIndex) ?? [],
      })),
    },
    null,
    2,
  );
}
