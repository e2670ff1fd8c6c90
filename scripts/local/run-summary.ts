/**
 * What `npm start` and `npm run pipeline` say when a run ends, and how they
 * keep the servers up: one wording, one way to exit (process.exitCode, set
 * once by the caller from what this returns).
 */
import type { MailboxFiles } from './mailbox-run';
import type { ApprovalFiles } from './run-pipeline';
import { dirname } from 'node:path';
import { removeLocalStackFile, writeLocalStackFile } from './local-stack-file';
import type { PipelineResult } from './run-pipeline';
import type { CampaignFiles } from './campaign-outputs';
import { indicatorTable, submissionLine } from './summary-table';

/** Prints the indicators, the submissions, where the outputs are and any dead letters; the exit code (1 when a message dead-lettered). */
export function printRun(result: PipelineResult, written: string): number {
  console.log(indicatorTable(result.indicators));
  console.log(submissionLine(result.submissions));
  const checked = pathsLine(result.checked, 'none (nothing to fix or explain)', `${dirname(result.files.review)}/checked`);
  console.log(`Review: ${result.files.review}  Checked workbooks to fix and send back: ${checked}`);
  console.log(written);
  if (result.deadLetters === 0) return 0;
  console.error(`${result.deadLetters} message(s) were dead-lettered (failed 3 times):\n  ${result.deadLetterReasons.join('\n  ')}`);
  return 1;
}

/** A few files by their paths; many by their count and the folder they are under (thousands would fill the screen). */
function pathsLine(paths: readonly string[], none: string, folder: string): string {
  if (paths.length === 0) return none;
  if (paths.length <= 3) return paths.join(', ');
  return `${paths.length}, under ${folder}/`;
}

const remindersLine = (paths: readonly string[]) => pathsLine(paths, 'none today', dirname(paths[0] ?? '.'));

/** The campaign's outcome, in one or two lines ending with a newline; empty without --now. */
export function campaignLines(campaign: CampaignFiles | undefined): string {
  if (!campaign) return '';
  const s = campaign.document.summary;
  const rate = s.on_time_rate === null ? '—' : `${(s.on_time_rate * 100).toFixed(1)}%`;
  return (
    `Campaign ${campaign.document.year} (deadline ${campaign.document.deadline}): expected ${s.expected}, reported ` +
    `${s.reported} (on time ${s.on_time}, late ${s.late}), missing ${s.missing}, exempt ${s.exempt}, on-time rate ${rate}\n` +
    `Status workbook: ${campaign.status}  Campaign: ${campaign.campaign}  Reminders sent: ${remindersLine(campaign.reminders)}\n` +
    (campaign.officerMail ? `Status workbook emailed to the officer: ${campaign.officerMail}\n` : '')
  );
}

/** Keeps the local servers up (ingesting what is uploaded) until Ctrl-C; with a stack file, the CLI's --local finds them. */
export async function keepUntilInterrupted(result: PipelineResult, stackFile?: string): Promise<void> {
  if (stackFile) await writeLocalStackFile(stackFile, result.handlerEnv, result.day);
  console.log('Servers keep running, and files uploaded to them are ingested as in AWS; press Ctrl-C to stop.');
  if (stackFile) console.log('In another terminal: npm run torchline -- --local status   (or upload, errors, report, recipients, schedule)');
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  if (stackFile) await removeLocalStackFile(stackFile);
  await result.stack.stop();
}

/** Runs a command's main function: its exit code, or 1 with the error's message (its stack with DEBUG set). */
export async function runMain(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(process.env.DEBUG && err instanceof Error ? err.stack : err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}

/** What the mailbox did, for the run's last lines: each message's outcome, and where the replies are. */
export function mailboxLines(mailbox: MailboxFiles | undefined): string {
  if (!mailbox) return '';
  const counts = new Map<string, number>();
  for (const m of mailbox.messages) counts.set(m.outcome, (counts.get(m.outcome) ?? 0) + 1);
  const outcomes = [...counts].map(([o, n]) => `${o} ${n}`).join(', ');
  return `Mailbox 邮箱: ${mailbox.messages.length} message(s) (${outcomes}); ${mailbox.replies.length} repl(ies) in out/replies/, list in ${mailbox.json}\n`;
}

/** The year's approval, for the run's last lines: approved, or what kept it open. */
export function approvalLines(approval: ApprovalFiles | undefined): string {
  if (!approval) return '';
  if (approval.state === 'approved') {
    const mailed = approval.mailedTo ? `; package mailed to the officer ${approval.mailedTo} 上报材料已发送` : '';
    return `Approval 审核: approved and locked (${approval.json})${mailed}\n`;
  }
  const first = approval.open[0] ?? '—';
  return `Approval 审核: refused, ${approval.open.length} item(s) open (first: ${first}); --approve-reason approves anyway (${approval.json})\n`;
}
