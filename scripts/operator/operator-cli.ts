/**
 * The operator CLI: `npm run torchline -- <command> [options]`, against a
 * deployed stack (default "Torchline", or --stack NAME, --region REGION,
 * credentials from the AWS SDK's default chain) or the local stack (--local).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { errorsCommand } from './errors-command';
import { awsTarget, localTarget, TargetError, type OperatorTarget } from './operator-target';
import type { Output } from './output';
import { recipientsCommand } from './recipients-command';
import { reportCommand } from './report-command';
import { scheduleCommand } from './schedule-command';
import { statusCommand } from './status-command';
import { uploadCommand } from './upload-command';

export const USAGE = `usage: npm run torchline -- <command> [options] [--stack NAME] [--region REGION] [--local]

commands:
  status [--since DATE] [--key PREFIX]      submissions: state, counts, first errors, where the reports are
  errors KEY [--out DIR]                    every rejected row of a submission; --out saves the error report and checked workbook
  upload FILE --dataset D [--submitter-email E] [--wait SECONDS]
                                            put a file under submissions/<D>/ and print its status (D: incubators, enterprises, projects)
  report [--year Y] [--send | --dry-run] [--out DIR]
                                            run the report now; without --send nothing is emailed
  recipients [--set LIST [--reply-to LIST] | --reset]
                                            show or change who the report goes to (no redeploy)
  schedule [--monthly-day N|off] [--annual-date MM-DD|off] [--reset]
                                            show or change the days the reports go out (no redeploy)

target:
  --stack NAME     the deployed CloudFormation stack (default: Torchline, or TORCHLINE_STACK)
  --region REGION  its region (default: AWS_REGION or your profile's)
  --local          the local stack started with \`npm start -- --keep\``;

const OPTIONS = {
  stack: { type: 'string' },
  region: { type: 'string' },
  local: { type: 'boolean', default: false },
  'local-file': { type: 'string' },
  since: { type: 'string' },
  key: { type: 'string' },
  out: { type: 'string' },
  dataset: { type: 'string' },
  'submitter-email': { type: 'string' },
  wait: { type: 'string', default: '120' },
  year: { type: 'string' },
  send: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  set: { type: 'string' },
  'reply-to': { type: 'string' },
  reset: { type: 'boolean', default: false },
  'monthly-day': { type: 'string' },
  'annual-date': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface CliDefaults {
  /** Where `npm start -- --keep` writes its endpoints. */
  localFile: string;
  /** How long an upload waits between looks at its status. */
  pollMs?: number;
}

class UsageError extends Error {}

function parseDate(text: string, flag: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+08:00` : text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} ${text}: not a date; write it as 2026-01-31 (Beijing time) or an ISO time`);
  return date;
}

function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) throw new UsageError(`--year ${text}: not a year; write it as 2025`);
  return Number(text);
}

/** Runs one command; returns the exit code (0 done, 1 failed, 2 done but the upload was not wholly accepted). */
export async function runTorchline(argv: string[], out: Output, defaults: CliDefaults): Promise<number> {
  let target: OperatorTarget | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      out.log(USAGE);
      return command || values.help ? 0 : 1;
    }
    const wanted = ['status', 'errors', 'upload', 'report', 'recipients', 'schedule'];
    if (!wanted.includes(command)) throw new UsageError(`unknown command "${command}"`);
    if (values.send && values['dry-run']) throw new UsageError('--send and --dry-run exclude each other');
    // Parse everything before reaching for a target, so a typo costs no AWS call.
    const since = values.since ? parseDate(values.since, '--since') : undefined;
    const year = parseYear(values.year);
    const wait = Number(values.wait);
    if (!Number.isInteger(wait) || wait < 0) throw new UsageError(`--wait ${values.wait}: a whole number of seconds`);
    if ((command === 'errors' || command === 'upload') && rest.length !== 1) throw new UsageError(`${command} needs exactly one ${command === 'errors' ? 'KEY' : 'FILE'}`);

    target = values.local
      ? await localTarget(values['local-file'] ?? defaults.localFile)
      : await awsTarget(values.stack ?? process.env.TORCHLINE_STACK ?? 'Torchline', values.region);
    switch (command) {
      case 'status':
        return await statusCommand(target, { since, keyPrefix: values.key }, out);
      case 'errors':
        return await errorsCommand(target, rest[0]!, { outDir: values.out }, out);
      case 'upload':
        return await uploadCommand(target, rest[0]!, { dataset: values.dataset, submitterEmail: values['submitter-email'], waitSeconds: wait, pollMs: defaults.pollMs }, out);
      case 'report':
        return await reportCommand(target, { year, send: values.send, outDir: values.out }, out);
      case 'schedule':
        return await scheduleCommand(target, { monthlyDay: values['monthly-day'], annualDate: values['annual-date'], reset: values.reset, by: userInfo().username }, out);
      default:
        return await recipientsCommand(target, { set: values.set, replyTo: values['reply-to'], reset: values.reset, by: userInfo().username }, out);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      out.error(`${(err as Error).message}\n\n${USAGE}`);
      return 1;
    }
    out.error(err instanceof TargetError ? err.message : `failed: ${(err as Error).message}`);
    return 1;
  } finally {
    target?.close();
  }
}
