/** The short indicator table the local runner prints. */
import { HEADLINE_INDICATORS, INDICATORS, shownValue, YUAN_PER_WAN, type IndicatorsDocument } from '../../shared/report/indicator-table';
import type { SubmissionSummary } from '../../shared/domain/submission-status';

export function indicatorTable(doc: IndicatorsDocument): string {
  const years = Object.keys(doc.years).sort();
  const nameWidth = 34;
  const colWidth = 16;
  const lines = [`${doc.district}  ${doc.window.from}–${doc.window.to}`, 'Indicator'.padEnd(nameWidth) + years.map((y) => y.padStart(colWidth)).join('')];
  for (const name of HEADLINE_INDICATORS) {
    const label = INDICATORS[name];
    const cells = years.map((y) => {
      const v = doc.years[y]?.[name];
      if (v === null || v === undefined) return '—'.padStart(colWidth);
      const text = label.kind === 'ratio' ? `${(v * 100).toFixed(2)}%` : shownValue(name, v)!.toLocaleString('en-US', { maximumFractionDigits: 2 });
      return text.padStart(colWidth);
    });
    lines.push(label.en.padEnd(nameWidth) + cells.join(''));
  }
  lines.push(
    `Window totals: ${doc.window_totals.tech_projects} tech projects, ` +
      `${(doc.window_totals.tech_project_funding / YUAN_PER_WAN).toLocaleString('en-US', { maximumFractionDigits: 2 })} 万元 (10k yuan)`,
  );
  return lines.join('\n');
}

export function submissionLine(submissions: readonly SubmissionSummary[]): string {
  const count = (s: string) => submissions.filter((x) => x.status === s).length;
  const rows = submissions.reduce((a, s) => a + s.rows, 0);
  const rejected = submissions.reduce((a, s) => a + s.rejected, 0);
  return (
    `${submissions.length} 份提交：${count('accepted')} 份已接受、${count('partially_accepted')} 份部分接受、${count('rejected')} 份已拒绝；共 ${rows} 行数据，拒绝 ${rejected} 行\n` +
    `${submissions.length} submissions: ${count('accepted')} accepted, ${count('partially_accepted')} partially ` +
    `accepted, ${count('rejected')} rejected; ${rows} rows, ${rejected} rejected`
  );
}
