/**
 * npm start: the whole pipeline on the bundled Yingze sample (samples/) into
 * out/, against local S3, DynamoDB and SES. `npm start -- --keep` leaves the
 * servers (and the SES web inbox) up until Ctrl-C.
 */
import { shellSettings } from '../shared/config';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runPipeline } from './local/run-pipeline';
import { approvalLines, campaignLines, keepUntilInterrupted, mailboxLines, printRun, runMain } from './local/run-summary';
import { dovecotInstalled } from './local/dovecot';
import { MAILBOX_FOLDER } from './generate-samples';
import { SAMPLE_DAY } from './samples/yingze-sample';

const USAGE =
  'usage: npm start [-- --keep] [--mail ses|smtp]   (the bundled sample, end to end, into out/; --keep leaves ' +
  'the servers up; --mail smtp sends through a local SMTP server)';
const root = fileURLToPath(new URL('..', import.meta.url));

await runMain(async () => {
  const { values } = parseArgs({
    options: { keep: { type: 'boolean', default: false }, mail: { type: 'string', default: 'ses' }, help: { type: 'boolean', default: false } },
  });
  if (values.mail !== 'ses' && values.mail !== 'smtp') throw new Error(`--mail ${values.mail}: ses or smtp\n${USAGE}`);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // The mailbox loop needs a real IMAP server: Debian's Dovecot, when it is installed (README, prerequisites).
  const mailbox = dovecotInstalled() ? `${root}${MAILBOX_FOLDER}` : undefined;
  if (!mailbox) console.log('(邮箱演示已跳过：未安装 Dovecot / the mailbox part is skipped: Dovecot is not installed — apt-get install dovecot-imapd)');
  const result = await runPipeline({
    inputDir: `${root}samples`,
    ...(mailbox ? { mailbox } : {}),
    outDir: `${root}out`,
    keepRunning: values.keep,
    mail: values.mail,
    now: SAMPLE_DAY,
    // The year closed as a bureau closes it (contract 14): approved over what is still open, with the reason, so the package says so.
    approve: '王飞跃',
    approveReason: '晋阳智能装备已停产、注销手续办理中；其余疑点已电话核实',
    env: shellSettings(process.env),
  });
  const code = printRun(
    result,
    `Report: out/report-${result.year}.xlsx  Email: out/email-${result.year}.eml\n` +
      campaignLines(result.campaign) +
      mailboxLines(result.mailbox) +
      approvalLines(result.approval) +
      `Package for the city: out/upward-${result.year}.xlsx, out/upward-${result.year}.json\n` +
      (result.smtpReceived
        ? `Received by the local SMTP server: ${result.smtpReceived.join(', ') || 'nothing'}`
        : `Local inbox (SES emulator): ${result.stack.endpoints.ses}/${values.keep ? '' : '  (up while running: npm start -- --keep)'}`),
  );
  if (values.keep) await keepUntilInterrupted(result, `${root}out/local-stack.json`);
  return code;
});
