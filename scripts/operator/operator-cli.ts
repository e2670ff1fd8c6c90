/**
 * The operator CLI: `npm run torchline -- <command> [options]`, against a
 * deployed stack (default "Torchline", or --stack NAME, --region REGION,
 * credentials from the AWS SDK's default chain) or the local stack (--local).
 */
import { CliError, UsageError } from './cli-error';
import { asPrincipal, StorageError, type Principal } from '../../shared/torchline';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { errorsCommand } from './errors-command';
import { awsTarget, localTarget, type OperatorTarget } from './operator-target';
import type { Output } from './output';
import { recipientsCommand } from './recipients-command';
import { reportCommand } from './report-command';
import { scheduleCommand } from './schedule-command';
import { statusCommand } from './status-command';
import { uploadCommand } from './upload-command';
import { withdrawCommand } from './withdraw-command';
import { aliasesCommand } from './aliases-command';
import { redriveCommand } from './redrive-command';
import { campaignCommand } from './campaign-command';
import { mailboxCommand } from './mailbox-command';
import { approveCommand, reopenCommand } from './approval-command';

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

interface Command {
  /** The command's line in the usage, and its own help (`npm run torchline -- status --help`). */
  usage: string;
  summary: string;
  /** The positional argument it needs, if any. */
  needs?: 'KEY' | 'FILE';
  /** Takes a sub-command and its argument instead (mailbox assign ID). */
  subcommands?: true;
  run(target: OperatorTarget, values: Values, argument: string | undefined, defaults: CliDefaults, out: Output, rest: string[]): Promise<number>;
}

/** Every command of the CLI, once: its usage, what it does, and how it runs. */
const COMMANDS: Record<
  'status' | 'errors' | 'upload' | 'report' | 'withdraw' | 'aliases' | 'recipients' | 'schedule' | 'campaign' | 'redrive' | 'mailbox' | 'approve' | 'reopen',
  Command
> = {
  status: {
    usage: 'status [--since DATE] [--key PREFIX]',
    summary: 'submissions: state, counts, first errors, where the reports are',
    run: (target, values, _, __, out) =>
      statusCommand(target, { since: values.since ? parseDate(values.since, '--since') : undefined, keyPrefix: values.key }, out),
  },
  errors: {
    usage: 'errors KEY [--out DIR]',
    summary: 'every rejected row of a submission; --out saves the error report and checked workbook',
    needs: 'KEY',
    run: (target, values, key, _, out) => errorsCommand(target, key!, { outDir: values.out }, out),
  },
  upload: {
    usage: 'upload FILE --dataset D [--submitter-email E] [--wait SECONDS]',
    summary: 'put a file under submissions/<D>/ and print its status (D: incubators, enterprises, projects)',
    needs: 'FILE',
    run: (target, values, file, defaults, out) =>
      uploadCommand(
        target,
        file!,
        { dataset: values.dataset, submitterEmail: values['submitter-email'], waitSeconds: waitSeconds(values.wait), pollMs: defaults.pollMs },
        out,
      ),
  },
  report: {
    usage: 'report [--year Y] [--send | --dry-run] [--out DIR]',
    summary: 'run the report now; without --send nothing is emailed',
    run: (target, values, _, __, out) => reportCommand(target, { year: parseYear(values.year), send: values.send, outDir: values.out }, out),
  },
  withdraw: {
    usage: 'withdraw KEY --reason TEXT',
    summary: 'take a wrong upload back: its rows stop counting, what they replaced counts again; the file stays',
    needs: 'KEY',
    run: (target, values, key, _, out) => withdrawCommand(target, key!, { reason: values.reason, by: userInfo().username }, out),
  },
  aliases: {
    usage: 'aliases [--add ALIAS=CODE | --remove ALIAS | --reset]',
    summary: "show or change the bureau's own words for codes (信创=it_innovation), read by every ingest",
    run: (target, values, _, __, out) => aliasesCommand(target, { add: values.add, remove: values.remove, reset: values.reset, by: userInfo().username }, out),
  },
  recipients: {
    usage: 'recipients [--set LIST [--reply-to LIST] | --reset]',
    summary: 'show or change who the report goes to (no redeploy)',
    run: (target, values, _, __, out) =>
      recipientsCommand(target, { set: values.set, replyTo: values['reply-to'], reset: values.reset, by: userInfo().username }, out),
  },
  campaign: {
    usage: 'campaign [--deadline MM-DD] [--remind 7,1] [--chase-every N] [--chase-times N] [--officer EMAIL] [--reset] [--now YYYY-MM-DD] [--out DIR]',
    summary: "show or change the reporting deadline, reminders and chasers; --out writes the officer's workbook 收报情况 and campaign.json",
    run: (target, values, _, __, out) =>
      campaignCommand(
        target,
        {
          deadline: values.deadline,
          remind: values.remind,
          chaseEvery: values['chase-every'],
          chaseTimes: values['chase-times'],
          officer: values.officer,
          reset: values.reset,
          by: userInfo().username,
          now: values.now ? parseDate(values.now, '--now') : undefined,
          outDir: values.out,
        },
        out,
      ),
  },
  approve: {
    usage: 'approve --year Y --by NAME [--reason TEXT]',
    summary: 'approve and lock a year: refused while anything is open, unless --reason says why to submit anyway',
    run: (target, values, _, __, out) => approveCommand(target, { year: parseYear(values.year), by: values.by, reason: values.reason }, out),
  },
  reopen: {
    usage: 'reopen --year Y --by NAME --reason TEXT',
    summary: 'reopen an approved year; the uploads it held then count',
    run: (target, values, _, __, out) => reopenCommand(target, { year: parseYear(values.year), by: values.by, reason: values.reason }, out),
  },
  mailbox: {
    usage: 'mailbox [assign MESSAGE-ID --org KEY]',
    summary: "what came in by mail (Beijing time); assign hands an unknown sender's message to a unit on the roster",
    subcommands: true,
    run: (target, values, _, __, out, rest) => mailboxCommand(target, rest, { org: values.org }, out),
  },
  redrive: {
    usage: 'redrive [--ingest | --report] [--max N]',
    summary: 'move dead letters back to the ingest queue (or the report function), deleting each only once it is back',
    run: (target, values, _, __, out) =>
      redriveCommand(target, { report: values.report, max: values.max === undefined ? 1000 : positiveCount(values.max) }, out),
  },
  schedule: {
    usage: 'schedule [--monthly-day N|off] [--annual-date MM-DD|off] [--reset]',
    summary: 'show or change the days the reports go out (no redeploy)',
    run: (target, values, _, __, out) =>
      scheduleCommand(target, { monthlyDay: values['monthly-day'], annualDate: values['annual-date'], reset: values.reset, by: userInfo().username }, out),
  },
};

const TARGET_USAGE = `target:
  --stack NAME     the deployed CloudFormation stack (default: Torchline, or TORCHLINE_STACK)
  --region REGION  its region (default: AWS_REGION or your profile's)
  --local          the local stack started with \`npm start -- --keep\``;

export const USAGE = `usage: npm run torchline -- <command> [options] [--stack NAME] [--region REGION] [--local]

commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}\n      ${c.summary}`)
  .join('\n')}

${TARGET_USAGE}`;

const commandUsage = (c: Command) => `usage: npm run torchline -- ${c.usage}\n\n${c.summary}\n\n${TARGET_USAGE}`;

function isCommand(name: string): name is keyof typeof COMMANDS {
  return Object.hasOwn(COMMANDS, name);
}

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
  reason: { type: 'string' },
  add: { type: 'string' },
  ingest: { type: 'boolean', default: false },
  report: { type: 'boolean', default: false },
  max: { type: 'string' },
  remove: { type: 'string' },
  deadline: { type: 'string' },
  remind: { type: 'string' },
  'chase-every': { type: 'string' },
  'chase-times': { type: 'string' },
  officer: { type: 'string' },
  org: { type: 'string' },
  by: { type: 'string' },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface CliDefaults {
  /** Where `npm start -- --keep` writes its endpoints. */
  localFile: string;
  /** How long an upload waits between looks at its status. */
  pollMs?: number;
  /** The deployed stack's name when --stack is not given (TORCHLINE_STACK). */
  stackName?: string;
}

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

function positiveCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max ${text}: a positive whole number`);
  return n;
}

function waitSeconds(text: string | undefined): number {
  const wait = Number(text);
  if (!Number.isInteger(wait) || wait < 0) throw new UsageError(`--wait ${text}: a whole number of seconds`);
  return wait;
}

/** Runs one command; returns the exit code (0 done, 1 failed, 2 done but the upload was not wholly accepted). */
export async function runTorchline(argv: string[], out: Output, defaults: CliDefaults): Promise<number> {
  let target: OperatorTarget | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [name, ...rest] = positionals;
    if (!name) {
      out.log(USAGE);
      return values.help ? 0 : 1;
    }
    if (!isCommand(name)) throw new UsageError(`unknown command "${name}"`);
    const command = COMMANDS[name];
    if (values.help) {
      out.log(commandUsage(command));
      return 0;
    }
    if (values.send && values['dry-run']) throw new UsageError('--send and --dry-run exclude each other');
    if (!command.subcommands && (command.needs ? rest.length !== 1 : rest.length !== 0))
      throw new UsageError(command.needs ? `${name} needs exactly one ${command.needs}` : `${name} takes no ${rest[0]}`);
    // Check everything a typo could break before reaching for a target, so it costs no AWS call.
    parseYear(values.year);
    waitSeconds(values.wait);
    if (values.since) parseDate(values.since, '--since');
    target = values.local
      ? await localTarget(values['local-file'] ?? defaults.localFile)
      : await awsTarget(values.stack ?? defaults.stackName ?? 'Torchline', values.region);
    // Staff upload with the uploader policy; the other commands need the operator policy beside it.
    const principal: Principal = name === 'upload' ? { kind: 'staff' } : { kind: 'operator' };
    const reached = target;
    return await asPrincipal(principal, () => command.run(reached, values, rest[0], defaults, out, rest));
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      out.error(`${(err as Error).message}\n\n${USAGE}`);
      return 1;
    }
    out.error(err instanceof CliError || err instanceof StorageError ? err.message : `失败 failed: ${(err as Error).message}`);
    return 1;
  } finally {
    target?.torchline.close();
  }
}
