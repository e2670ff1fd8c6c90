/**
 * npm run pipeline -- --input DIR --out DIR [--year Y]
 * Runs the whole pipeline against local servers (data contract section 8).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CHAOS } from './local/chaos';
import { runPipeline } from './local/run-pipeline';
import { approvalLines, campaignLines, keepUntilInterrupted, mailboxLines, printRun, runMain } from './local/run-summary';
import { calendarDay } from './local/campaign-outputs';
import { shellSettings } from '../shared/config';

const USAGE =
  'usage: npm run pipeline -- --input DIR --out DIR [--year YEAR] [--keep] [--chaos [--seed N]] [--submitter-email E] [--mail ses|smtp] ' +
  '[--now YYYY-MM-DD] [--mailbox DIR] [--district NAME] [--approve NAME [--approve-reason TEXT]]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string' },
      out: { type: 'string' },
      year: { type: 'string' },
      keep: { type: 'boolean', default: false },
      chaos: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'submitter-email': { type: 'string' },
      mail: { type: 'string', default: 'ses' },
      now: { type: 'string' },
      mailbox: { type: 'string' },
      district: { type: 'string' },
      approve: { type: 'string' },
      'approve-reason': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.input || !values.out) throw new Error(`--input and --out are required\n${USAGE}`);
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !Number.isInteger(year)) throw new Error(`--year must be a year, got "${values.year}"`);
  const chaos = values.chaos ? { ...DEFAULT_CHAOS, seed: values.seed !== undefined ? Number(values.seed) : DEFAULT_CHAOS.seed } : undefined;
  if (values.mail !== 'ses' && values.mail !== 'smtp') throw new Error(`--mail ${values.mail}: ses or smtp\n${USAGE}`);
  if (values.now !== undefined && !calendarDay(values.now)) throw new Error(`--now must be a day, YYYY-MM-DD, got "${values.now}"\n${USAGE}`);
  // The documented settings set in the shell (TORCHLINE_DISTRICT, TORCHLINE_SUBMITTER_DOMAINS, …) reach the handlers as in AWS.
  const env = { ...shellSettings(process.env), ...(values.district?.trim() ? { TORCHLINE_DISTRICT: values.district.trim() } : {}) };
  const result = await runPipeline({
    inputDir: values.input,
    outDir: values.out,
    year,
    keepRunning: values.keep,
    chaos,
    submitterEmail: values['submitter-email'],
    mail: values.mail,
    now: values.now,
    ...(values.mailbox ? { mailbox: values.mailbox } : {}),
    ...(values.approve ? { approve: values.approve, ...(values['approve-reason'] ? { approveReason: values['approve-reason'] } : {}) } : {}),
    env,
  });
  if (result.faults) {
    console.log(
      `Chaos (seed ${chaos!.seed}): ${result.faults.injected} DynamoDB/S3 calls failed, ` +
        `${result.faults.brokenBodies} bodies broke part-way, every event delivered twice out of order`,
    );
  }
  const mailLine = result.smtpReceived
    ? `Received by the local SMTP server: ${result.smtpReceived.join(', ') || 'nothing'}`
    : `Local inbox (SES): ${result.stack.endpoints.ses}/`;
  const lines = [campaignLines(result.campaign), mailboxLines(result.mailbox), approvalLines(result.approval)].join('');
  const code = printRun(result, `Wrote ${Object.values(result.files).join(', ')}\n${lines}${mailLine}`);
  if (values.keep) await keepUntilInterrupted(result);
  return code;
}

await runMain(main);
