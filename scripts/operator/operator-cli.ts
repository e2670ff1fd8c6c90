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

/**
 * Every option of the CLI, once: its type, what it takes and what it means, Chinese first. A command accepts only
 * the options it names (COMMANDS) and the target's; anything else is refused with that command's help.
 */
const OPTION_SPECS = {
  stack: { type: 'string', arg: 'NAME', zh: '已部署的堆栈名（默认 Torchline，或 TORCHLINE_STACK）', en: 'the deployed stack' },
  region: { type: 'string', arg: 'REGION', zh: '堆栈所在区域（默认 AWS_REGION 或配置文件中的区域）', en: 'its region' },
  local: { type: 'boolean', zh: '使用本机演示环境（先执行 npm start -- --keep）', en: 'the local stack of `npm start -- --keep`' },
  'local-file': { type: 'string', arg: 'FILE', zh: '本机环境的连接信息文件', en: "the local stack's endpoints file" },
  help: { type: 'boolean', short: 'h', zh: '显示本命令的说明和示例', en: 'this help' },
  since: { type: 'string', arg: 'DATE', zh: '只列出此日期（北京时间）之后的上传，如 2022-03-01', en: 'uploads since this day (Beijing time)' },
  key: { type: 'string', arg: 'PREFIX', zh: '只列出路径以此开头的上传，如 submissions/enterprises/', en: 'uploads whose key starts so' },
  out: { type: 'string', arg: 'DIR', zh: '把相关文件保存到此目录', en: 'save the files into this folder' },
  dataset: {
    type: 'string',
    arg: '数据集',
    zh: '孵化器、企业、项目、名录 或 区县（也可写英文名）',
    en: 'incubators, enterprises, projects, roster or districts',
  },
  'submitter-email': { type: 'string', arg: 'EMAIL', zh: '核对结果发送到此邮箱（须在允许的域名内）', en: 'send the checked workbook to this address' },
  wait: { type: 'string', arg: 'SECONDS', default: '120', zh: '最多等待处理结果的秒数（0 表示不等待；默认 120）', en: 'seconds to wait for the result' },
  year: { type: 'string', arg: 'YEAR', zh: '统计年度，如 2021', en: 'the reporting year' },
  send: { type: 'boolean', zh: '生成后发送给收件人（不加则只生成、不发送）', en: 'email it (otherwise only written)' },
  'dry-run': { type: 'boolean', zh: '只生成、不发送（默认即如此）', en: 'write, send nothing (the default)' },
  set: { type: 'string', arg: 'LIST', zh: '收件人，逗号分隔', en: 'the recipients, comma-separated' },
  'reply-to': { type: 'string', arg: 'LIST', zh: '回复地址，逗号分隔', en: 'reply-to addresses' },
  reset: { type: 'boolean', zh: '恢复为部署时的设置', en: 'back to the deployed setting' },
  'monthly-day': { type: 'string', arg: 'N|off', zh: '每月报告的日期（1–28，off 为不发）', en: 'day of the monthly report, or off' },
  'annual-date': { type: 'string', arg: 'MM-DD|off', zh: '年度报告的日期，如 01-15（off 为不发）', en: 'date of the annual report, or off' },
  reason: { type: 'string', arg: '说明', zh: '原因（记录在案）', en: 'why (kept on record)' },
  add: { type: 'string', arg: '别名=代码', zh: '增加一个别名，如 信创=it_innovation', en: 'add an alias' },
  remove: { type: 'string', arg: '别名', zh: '删除一个别名', en: 'remove an alias' },
  ingest: { type: 'boolean', zh: '重新处理入库失败的上传（默认）', en: "the ingest's dead letters (default)" },
  report: { type: 'boolean', zh: '重新执行失败的定时报告', en: "the report's dead letters" },
  max: { type: 'string', arg: 'N', zh: '最多处理的条数（默认 1000）', en: 'at most this many' },
  deadline: { type: 'string', arg: 'MM-DD', zh: '报送截止日期（次年），如 03-31', en: 'the deadline (in Y+1)' },
  remind: { type: 'string', arg: '天数', zh: '截止前几天发提醒，逗号分隔，如 7,1 即前 7 天和前 1 天', en: 'days before the deadline to remind, e.g. 7,1' },
  'chase-every': { type: 'string', arg: 'N', zh: '逾期后每隔几天催报一次（默认 7）', en: 'days between chasers' },
  'chase-times': { type: 'string', arg: 'N', zh: '逾期后最多催报几次（默认 3）', en: 'at most this many chasers' },
  officer: { type: 'string', arg: 'EMAIL', zh: '收报情况表发给谁（统计员邮箱）', en: "the officer's address for 收报情况" },
  org: { type: 'string', arg: 'KEY', zh: '单位的信用代码或孵化器编号（须在名录中）', en: "the unit's key on the roster" },
  by: { type: 'string', arg: '姓名', zh: '办理人姓名（记录在案）', en: 'who does it (kept on record)' },
  now: { type: 'string', arg: 'DATE', zh: '按此日期（北京时间）查看，如 2022-04-07', en: 'as of this day' },
} as const;

type OptionName = keyof typeof OPTION_SPECS;
type ParsedOptions = { [K in OptionName]: (typeof OPTION_SPECS)[K] extends { type: 'boolean' } ? boolean : string };
/** What a command's run sees: its own options (the others are undefined). */
type Values = Partial<ParsedOptions>;

const TARGET_OPTIONS: readonly OptionName[] = ['stack', 'region', 'local', 'local-file', 'help'];

interface Command {
  /** The command's line in the usage. */
  usage: string;
  zh: string;
  en: string;
  /** The options it takes beside the target's. */
  options: readonly OptionName[];
  examples: readonly string[];
  /** The positional argument it needs, if any. */
  needs?: 'KEY' | 'FILE';
  /** Takes a sub-command and its argument instead (mailbox assign ID). */
  subcommands?: true;
  run(target: OperatorTarget, values: Values, argument: string | undefined, defaults: CliDefaults, out: Output, rest: string[]): Promise<number>;
}

const by = () => userInfo().username;

/** Every command of the CLI, once: its usage, what it does (Chinese first), its options, examples, and how it runs. */
const COMMANDS: Record<
  'status' | 'errors' | 'upload' | 'report' | 'withdraw' | 'aliases' | 'recipients' | 'schedule' | 'campaign' | 'redrive' | 'mailbox' | 'approve' | 'reopen',
  Command
> = {
  status: {
    usage: 'status [--since DATE] [--key PREFIX]',
    zh: '列出各份上传：状态、行数、首个错误、结果文件所在',
    en: 'submissions: state, counts, first errors, where the reports are',
    options: ['since', 'key'],
    examples: ['status --since 2022-03-01', 'status --key submitters/'],
    run: (target, values, _, __, out) =>
      statusCommand(target, { since: values.since ? parseDate(values.since, '--since') : undefined, keyPrefix: values.key }, out),
  },
  errors: {
    usage: 'errors KEY [--out DIR]',
    zh: '某份上传被拒绝的每一行；--out 保存错误报告和核对表',
    en: 'every rejected row of a submission; --out saves the error report and checked workbook',
    options: ['out'],
    examples: ['errors enterprises/2022-04-06/补报.xlsx --out 下载'],
    needs: 'KEY',
    run: (target, values, key, _, out) => errorsCommand(target, key!, { outDir: values.out }, out),
  },
  upload: {
    usage: 'upload FILE --dataset 数据集 [--submitter-email EMAIL] [--wait SECONDS]',
    zh: '科技局代为上传一个文件（放在 submissions/<数据集>/ 下）并显示处理结果',
    en: 'put a file under submissions/<dataset>/ and print its status',
    options: ['dataset', 'submitter-email', 'wait'],
    examples: ['upload 某公司2021年报.xlsx --dataset 企业', 'upload 2021名录.csv --dataset 名录 --wait 300'],
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
    usage: 'report [--year YEAR] [--send | --dry-run] [--out DIR]',
    zh: '立即生成报告；不加 --send 则只生成、不发送',
    en: 'run the report now; without --send nothing is emailed',
    options: ['year', 'send', 'dry-run', 'out'],
    examples: ['report --year 2021 --out 报告', 'report --year 2021 --send'],
    run: (target, values, _, __, out) => reportCommand(target, { year: parseYear(values.year), send: values.send === true, outDir: values.out }, out),
  },
  withdraw: {
    usage: 'withdraw KEY --reason 说明',
    zh: '撤回一份传错的上传：其数据不再计入，被替换的数据恢复有效；文件保留',
    en: 'take a wrong upload back: its rows stop counting, what they replaced counts again; the file stays',
    options: ['reason'],
    examples: ['withdraw enterprises/2021-错.xlsx --reason 传错了年度'],
    needs: 'KEY',
    run: (target, values, key, _, out) => withdrawCommand(target, key!, { reason: values.reason, by: by() }, out),
  },
  aliases: {
    usage: 'aliases [--add 别名=代码 | --remove 别名 | --reset]',
    zh: '查看或修改本局对代码的习惯叫法（如 信创=it_innovation），之后的每次入库都会使用',
    en: "show or change the bureau's own words for codes, read by every ingest",
    options: ['add', 'remove', 'reset'],
    examples: ['aliases', 'aliases --add 信创=it_innovation'],
    run: (target, values, _, __, out) => aliasesCommand(target, { add: values.add, remove: values.remove, reset: values.reset === true, by: by() }, out),
  },
  recipients: {
    usage: 'recipients [--set LIST [--reply-to LIST] | --reset]',
    zh: '查看或修改报告的收件人（无需重新部署）',
    en: 'show or change who the report goes to (no redeploy)',
    options: ['set', 'reply-to', 'reset'],
    examples: ['recipients', 'recipients --set juzhang@yingze.gov.cn,bangongshi@yingze.gov.cn'],
    run: (target, values, _, __, out) =>
      recipientsCommand(target, { set: values.set, replyTo: values['reply-to'], reset: values.reset === true, by: by() }, out),
  },
  campaign: {
    usage: 'campaign [--deadline MM-DD] [--remind 7,1] [--chase-every N] [--chase-times N] [--officer EMAIL] [--reset] [--now DATE] [--out DIR]',
    zh: '收报情况；查看或修改截止日期、提醒和催报；--out 保存收报情况表和 campaign.json',
    en: 'the campaign; show or change the deadline, reminders and chasers; --out writes 收报情况 and campaign.json',
    options: ['deadline', 'remind', 'chase-every', 'chase-times', 'officer', 'reset', 'now', 'out'],
    examples: ['campaign --out 收报', 'campaign --deadline 03-31 --remind 7,1 --officer tongji@yingze.gov.cn'],
    run: (target, values, _, __, out) =>
      campaignCommand(
        target,
        {
          ...{ deadline: values.deadline, remind: values.remind, chaseEvery: values['chase-every'], chaseTimes: values['chase-times'] },
          ...{ officer: values.officer, reset: values.reset === true, by: by(), outDir: values.out },
          now: values.now ? parseDate(values.now, '--now') : undefined,
        },
        out,
      ),
  },
  approve: {
    usage: 'approve --year YEAR --by 姓名 [--reason 说明]',
    zh: '审核并锁定一个年度，并把上报材料发给统计员；仍有未完成事项时拒绝，除非用 --reason 说明强制上报的原因',
    en: 'approve and lock a year, mailing the package to the officer; refused while anything is open unless --reason says why',
    options: ['year', 'by', 'reason'],
    examples: ['approve --year 2021 --by 王飞跃', 'approve --year 2021 --by 王飞跃 --reason "某公司已停产，注销手续办理中"'],
    run: (target, values, _, __, out) => approveCommand(target, { year: parseYear(values.year), by: values.by, reason: values.reason }, out),
  },
  reopen: {
    usage: 'reopen --year YEAR --by 姓名 --reason 说明',
    zh: '重新开放已审核的年度；锁定期间的上传按上传顺序生效',
    en: 'reopen an approved year; the uploads it held then count',
    options: ['year', 'by', 'reason'],
    examples: ['reopen --year 2021 --by 王飞跃 --reason 某公司更正营业收入'],
    run: (target, values, _, __, out) => reopenCommand(target, { year: parseYear(values.year), by: values.by, reason: values.reason }, out),
  },
  mailbox: {
    usage: 'mailbox [assign MESSAGE-ID --org KEY]',
    zh: '邮箱收到的邮件（北京时间）；assign 把未登记发件人的邮件交给名录中的某单位',
    en: "what came in by mail; assign hands an unknown sender's message to a unit on the roster",
    options: ['org'],
    examples: ['mailbox', 'mailbox assign "<abc@mail.qiye.cn>" --org 91140105MA0K01001N'],
    subcommands: true,
    run: (target, values, _, __, out, rest) => mailboxCommand(target, rest, { org: values.org }, out),
  },
  redrive: {
    usage: 'redrive [--ingest | --report] [--max N]',
    zh: '把处理失败（死信队列中）的上传或报告重新处理',
    en: 'move dead letters back to the ingest queue (or the report function)',
    options: ['ingest', 'report', 'max'],
    examples: ['redrive --ingest', 'redrive --report --max 10'],
    run: (target, values, _, __, out) =>
      redriveCommand(target, { report: values.report === true, max: values.max === undefined ? 1000 : positiveCount(values.max) }, out),
  },
  schedule: {
    usage: 'schedule [--monthly-day N|off] [--annual-date MM-DD|off] [--reset]',
    zh: '查看或修改报告发送的日期（无需重新部署）',
    en: 'show or change the days the reports go out (no redeploy)',
    options: ['monthly-day', 'annual-date', 'reset'],
    examples: ['schedule', 'schedule --annual-date 01-20 --monthly-day off'],
    run: (target, values, _, __, out) =>
      scheduleCommand(target, { monthlyDay: values['monthly-day'], annualDate: values['annual-date'], reset: values.reset === true, by: by() }, out),
  },
};

const optionLine = (name: OptionName) => {
  const spec = OPTION_SPECS[name];
  const flag = `--${name}${'arg' in spec ? ` ${spec.arg}` : ''}`;
  // Padded by the width a terminal gives it: a Chinese character takes two columns.
  const width = [...flag].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
  return `  ${flag}${' '.repeat(Math.max(1, 26 - width))}${spec.zh} / ${spec.en}`;
};

export const USAGE = `用法 usage: npm run torchline -- <命令 command> [选项 options] [--stack NAME] [--region REGION] [--local]

命令 commands（每个命令加 --help 可看其选项和示例 / --help on any command for its options and examples）:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}\n      ${c.zh}\n      ${c.en}`)
  .join('\n')}

连接 target:
${TARGET_OPTIONS.filter((o) => o !== 'help')
  .map(optionLine)
  .join('\n')}`;

function commandUsage(c: Command): string {
  return [
    `用法 usage: npm run torchline -- ${c.usage}`,
    '',
    c.zh,
    c.en,
    ...(c.options.length ? ['', '选项 options:', ...c.options.map(optionLine)] : []),
    '',
    '连接 target:',
    ...TARGET_OPTIONS.map(optionLine),
    '',
    '例 examples:',
    ...c.examples.map((e) => `  npm run torchline -- ${e}`),
  ].join('\n');
}

function isCommand(name: string): name is keyof typeof COMMANDS {
  return Object.hasOwn(COMMANDS, name);
}

/** The parser's table for these options. */
function parserOptions(names: readonly OptionName[]) {
  return Object.fromEntries(
    names.map((n) => {
      const { type, ...spec } = OPTION_SPECS[n];
      return [n, { type, ...('short' in spec ? { short: spec.short } : {}), ...('default' in spec ? { default: spec.default } : {}) }];
    }),
  ) as Record<OptionName, { type: 'string' | 'boolean'; short?: string; default?: string }>;
}

/** The command's name: the first word that is not an option or an option's value (every option known, none refused yet). */
function commandName(argv: readonly string[]): string | undefined {
  return parseArgs({ args: [...argv], options: parserOptions(Object.keys(OPTION_SPECS) as OptionName[]), allowPositionals: true, strict: false })
    .positionals[0];
}

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
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${flag} ${text}：不是日期，请写成 2026-01-31（北京时间） / not a date; write it as 2026-01-31 (Beijing time)`);
  return date;
}

function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) throw new UsageError(`--year ${text}：不是年份，请写成 2025 / not a year; write it as 2025`);
  return Number(text);
}

function positiveCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max ${text}：应为正整数 / a positive whole number`);
  return n;
}

function waitSeconds(text: string | undefined): number {
  const wait = Number(text);
  if (!Number.isInteger(wait) || wait < 0) throw new UsageError(`--wait ${text}：应为秒数（整数） / a whole number of seconds`);
  return wait;
}

/** The parser's complaint in the officer's words: which option, and why. */
function optionProblem(err: Error): string {
  const code = (err as { code?: string }).code;
  const option = /'(-[^']+)'/.exec(err.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `没有选项 ${option} / no option ${option} here`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项 ${option} 需要一个值，或不接受值 / ${err.message}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `多余的参数 / ${err.message}`;
  return err.message;
}

/** Runs one command; returns the exit code (0 done, 1 failed, 2 done but the upload was not wholly accepted). */
export async function runTorchline(argv: string[], out: Output, defaults: CliDefaults): Promise<number> {
  let target: OperatorTarget | undefined;
  try {
    const name = commandName(argv);
    if (name === undefined) {
      const { values } = parseArgs({ args: argv, options: parserOptions(TARGET_OPTIONS), allowPositionals: true, strict: true });
      out.log(USAGE);
      return values.help ? 0 : 1;
    }
    if (!isCommand(name)) throw new UsageError(`没有命令“${name}” / unknown command "${name}"`);
    const command = COMMANDS[name];
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: argv, options: parserOptions([...TARGET_OPTIONS, ...command.options]), allowPositionals: true, strict: true });
    } catch (err) {
      // An option of another command (`status --reason x`) is refused, with this command's own help.
      out.error(`${name}：${optionProblem(err as Error)}\n\n${commandUsage(command)}`);
      return 1;
    }
    const values = parsed.values as Values;
    const rest = parsed.positionals.slice(1);
    if (values.help) {
      out.log(commandUsage(command));
      return 0;
    }
    if (values.send && values['dry-run']) throw new UsageError('--send 与 --dry-run 不能同时使用 / --send and --dry-run exclude each other');
    if (!command.subcommands && (command.needs ? rest.length !== 1 : rest.length !== 0)) {
      throw new UsageError(
        command.needs
          ? `${name} 需要且只需要一个 ${command.needs} / ${name} needs exactly one ${command.needs}`
          : `${name} 不接受参数 ${rest[0]} / ${name} takes no ${rest[0]}`,
      );
    }
    // Check everything a typo could break before reaching for a target, so it costs no AWS call.
    parseYear(values.year);
    if (values.wait !== undefined) waitSeconds(values.wait);
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
      out.error(`${optionProblem(err as Error)}\n\n${USAGE}`);
      return 1;
    }
    out.error(err instanceof CliError || err instanceof StorageError ? err.message : `失败 failed: ${(err as Error).message}`);
    return 1;
  } finally {
    target?.torchline.close();
  }
}
