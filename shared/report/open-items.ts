/** What keeps a year from approval (contract 14), from the campaign's view of it: each open item named for the officer. */
import type { CampaignDocument } from './campaign';

export function openItemsOf(campaign: CampaignDocument): string[] {
  const items: string[] = [];
  for (const r of campaign.reporters) {
    if (r.status === 'exempt') continue;
    const who = `${r.name}（${r.key}）`;
    if (r.status === 'missing') items.push(`未报 missing: ${who}`);
    else if (r.progress === '有错误' || r.progress === '部分接受') items.push(`待修改 rows to fix: ${who}`);
    if (r.unexplained_findings > 0) items.push(`未说明疑点 ${r.unexplained_findings} 处 unexplained findings: ${who}`);
  }
  return items;
}
