/**
 * `report --year Y [--send | --dry-run] [--out DIR]`: runs the report
 * function now (in AWS it is invoked and waited for; locally the same handler
 * runs here) and says where the workbook, review and email went. Without
 * --send it is a dry run: everything is written under reports/, nothing sent.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface ReportOptions {
  year?: number;
  send: boolean;
  outDir?: string;
}

export async function reportCommand(target: OperatorTarget, options: ReportOptions, out: Output): Promise<number> {
  out.log(`${options.send ? 'building and sending' : 'building (dry run, nothing is sent)'} the ${options.year ?? 'latest'} report on the ${target.label}…`);
  const response = await target.invokeReport({ year: options.year, dryRun: !options.send });
  if ('skipped' in response) {
    out.log(`not sent again: ${response.skipped} (${response.idempotencyKey})`);
    return 0;
  }
  out.log(`report ${response.year}: ${target.objectUrl(response.reportKey)}`);
  out.log(`review: ${target.objectUrl(response.reviewKey)}`);
  out.log(`${response.dryRun ? 'email (not sent)' : 'email as sent'}: ${target.objectUrl(response.emailKey)} (workbook ${response.delivery})`);
  out.log(
    response.dryRun
      ? `dry run: not sent; it would go to ${response.recipients.join(', ')}. Send it with --send`
      : `sent to ${response.recipients.join(', ')} (SES message ${response.messageId ?? '—'})`,
  );
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    const saved: string[] = [];
    for (const key of [response.reportKey, response.reviewKey, response.emailKey]) {
      const path = join(options.outDir, basename(key));
      await writeFile(path, await target.ports.objects.getBytes(key));
      saved.push(path);
    }
    out.log(`saved: ${saved.join(', ')}`);
  }
  return 0;
}
