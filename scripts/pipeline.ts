/**
 * npm run pipeline -- --input DIR --out DIR [--year Y]
 * Runs the whole pipeline against local servers (data contract section 8).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CHAOS } from './local/chaos';
import { runPipeline } from './local/run-pipeline';
import { indicatorTable, submissionLine } from './local/summary-table';

const USAGE = 'usage: npm run pipeline -- --input DIR --out DIR [--year YEAR] [--keep] [--chaos [--seed N]] [--submitter-email E]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string' },
      out: { type: 'string' },
      year: { type: 'string' },
      keep: { type: 'boolean', default: false },
      chaos: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'submitter-email': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.input || !values.out) throw new Error(`--input and --out are required\n${USAGE}`);
  let year: number | undefined;
  if (values.year !== undefined) {
    year = Number(values.year);
    if (!Number.isInteger(year)) throw new Error(`--year must be a year, got "${values.year}"`);
  }
  const chaos = values.chaos ? { ...DEFAULT_CHAOS, seed: values.seed !== undefined ? Number(values.seed) : DEFAULT_CHAOS.seed } : undefined;
  const result = await runPipeline({ inputDir: values.input, outDir: values.out, year, keepRunning: values.keep, chaos, submitterEmail: values['submitter-email'] });
  if (result.faults) {
    console.log(`Chaos (seed ${chaos!.seed}): ${result.faults.injected} DynamoDB/S3 calls failed, ${result.faults.brokenBodies} bodies broke part-way, every event delivered twice out of order`);
  }
  console.log(indicatorTable(result.indicators));
  console.log(submissionLine(result.submissions));
  console.log(`Wrote ${Object.values(result.files).join(', ')}`);
  console.log(`Local inbox (SES): ${result.stack.endpoints.ses}/`);
  if (result.deadLetters > 0) {
    console.warn(`${result.deadLetters} message(s) were dead-lettered (failed 3 times):\n  ${result.deadLetterReasons.join('\n  ')}`);
    process.exitCode = 1;
  }
  if (values.keep) {
    console.log('Servers keep running; press Ctrl-C to stop.');
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    await result.stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(process.env.DEBUG && err instanceof Error ? err.stack : err instanceof Error ? err.message : err);
  process.exit(1);
});
