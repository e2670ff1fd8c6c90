/**
 * npm start: the whole pipeline on the bundled Yingze sample (samples/) into
 * out/, against local S3, DynamoDB and SES. `npm start -- --keep` leaves the
 * servers (and the SES web inbox) up until Ctrl-C.
 */
import { fileURLToPath } from 'node:url';
import { removeLocalStackFile, writeLocalStackFile } from './local/local-stack-file';
import { runPipeline } from './local/run-pipeline';
import { indicatorTable, submissionLine } from './local/summary-table';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');

try {
  const result = await runPipeline({ inputDir: `${root}samples`, outDir: `${root}out`, keepRunning: keep });
  console.log(indicatorTable(result.indicators));
  console.log(submissionLine(result.submissions));
  console.log(`Report: out/report-${result.year}.xlsx  Email: out/email-${result.year}.eml`);
  console.log(`Local inbox (SES emulator): ${result.stack.endpoints.ses}/${keep ? '' : '  (up while running: npm start -- --keep)'}`);
  if (result.deadLetters > 0) {
    console.error(`${result.deadLetters} message(s) were dead-lettered (failed 3 times):\n  ${result.deadLetterReasons.join('\n  ')}`);
    process.exitCode = 1;
  }
  if (keep) {
    const stackFile = `${root}out/local-stack.json`;
    await writeLocalStackFile(stackFile, result.stack.env);
    console.log('Servers keep running, and files uploaded to them are ingested as in AWS; press Ctrl-C to stop.');
    console.log('In another terminal: npm run torchline -- --local status   (or upload, errors, report, recipients)');
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    await removeLocalStackFile(stackFile);
    await result.stack.stop();
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
