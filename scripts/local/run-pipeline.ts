/**
 * The local pipeline (data contract section 8): upload every file under the
 * input directory to the local ingest bucket in lexicographic path order, let
 * the ingest handler process the events, run the report handler, and write
 * indicators.json, submissions.json, report-<Y>.xlsx and email-<Y>.eml.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { configFromEnv } from '../../shared/config';
import { RESULTS_PREFIX } from '../../shared/ingest/error-report';
import type { IndicatorsDocument } from '../../shared/report/indicator-table';
import type { RowError } from '../../shared/domain/submission-status';
import { awsClients, createAwsClients, resetAwsClients } from '../../shared/storage/aws-clients';
import { injectFaults, seededRandom, type ChaosOptions, type FaultCounts } from './chaos';
import { awsPorts } from '../../shared/storage/aws-ports';
import { submissionSummary, type SubmissionSummary } from '../../shared/domain/submission-status';
import { LocalQueue } from './local-queue';
import { startLocalStack, type Endpoints, type LocalStack } from './local-stack';

export interface PipelineOptions {
  inputDir: string;
  outDir: string;
  year?: number;
  /** Servers to reuse instead of starting new ones (tests). */
  reuse?: Partial<Endpoints>;
  tableName?: string;
  bucket?: string;
  /** Extra environment for the handlers (district, recipients, limits). */
  env?: Record<string, string>;
  /** Leave the servers running; the caller stops them. */
  keepRunning?: boolean;
  /** Set as every upload's `submitter-email` metadata (the checked workbook goes back to it when its domain is in TORCHLINE_SUBMITTER_DOMAINS). */
  submitterEmail?: string;
  /** Inject faults and duplicate, reorder deliveries (scripts/local/chaos.ts). */
  chaos?: ChaosOptions;
}

export interface PipelineResult {
  year: number;
  indicators: IndicatorsDocument;
  submissions: SubmissionSummary[];
  files: { indicators: string; submissions: string; report: string; email: string; review: string };
  uploaded: string[];
  deadLetters: number;
  /** Each dead-lettered object and why. */
  deadLetterReasons: string[];
  /** Under --chaos: how many faults were injected. */
  faults?: FaultCounts;
  stack: LocalStack;
}

/** Every file under dir, as posix paths relative to it, in lexicographic order; dotfiles are skipped. */
export async function listInputFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  if (!(await stat(dir)).isDirectory()) throw new Error(`input ${dir} is not a directory`);
  await walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  // Handlers read their log level when first loaded; keep the local run quiet unless asked.
  // Under chaos the retried faults are the point, not news.
  process.env.POWERTOOLS_LOG_LEVEL ??= options.chaos ? 'ERROR' : 'WARN';
  const { handler: ingestHandler } = await import('../../lambdas/ingest');
  const { handler: reportHandler } = await import('../../lambdas/report');
  // Under chaos, SQS's patience: a message a fault broke is received again (and more often than the 3 of production, since faults here are dense).
  const queue = new LocalQueue((event, context) => ingestHandler(event, context), options.chaos ? { shuffle: seededRandom(options.chaos.seed + 1), maxReceives: 10 } : {});
  const stack = await startLocalStack({
    reuse: options.reuse,
    tableName: options.tableName,
    bucket: options.bucket,
    onS3Event: queue.onS3Event,
  });
  const previousEnv = { ...process.env };
  let faults: FaultCounts | undefined;
  Object.assign(process.env, options.env, stack.env);
  resetAwsClients();
  try {
    const config = configFromEnv();
    const clients = awsClients();
    // The uploads themselves go in cleanly; the handlers then meet the faults (they share these clients).
    const uploads = createAwsClients();
    const files = await listInputFiles(options.inputDir);
    for (const file of files) {
      const { size } = await stat(join(options.inputDir, file));
      await uploads.s3.send(
        new PutObjectCommand({
          Bucket: stack.bucket,
          Key: `submissions/${file}`,
          Body: createReadStream(join(options.inputDir, file)),
          ContentLength: size,
          Metadata: options.submitterEmail ? { 'submitter-email': options.submitterEmail } : undefined,
        }),
      );
    }
    if (options.chaos) faults = injectFaults(clients, options.chaos);
    await queue.drain();

    // Lambda retries an asynchronous invocation that failed twice; so does a chaos run.
    const trigger = options.year !== undefined ? { year: options.year } : {};
    let response: Awaited<ReturnType<typeof reportHandler>> | undefined;
    for (let attempt = 1; response === undefined; attempt++) {
      try {
        response = await reportHandler(trigger);
      } catch (err) {
        if (!options.chaos || attempt >= 3) throw err;
      }
    }
    if ('skipped' in response) throw new Error(`report skipped: ${response.skipped}`);
    if ('due' in response) throw new Error('a report by hand answered as the daily check');
    // The outputs are read back without faults: they are what the run left behind.
    const { repository, objects } = awsPorts(uploads, config);
    const indicators = (await repository.getSnapshot(response.year))!;

    const statuses = await repository.listSubmissions();
    const submissions: SubmissionSummary[] = [];
    for (const status of statuses) {
      let errors: RowError[] | undefined;
      if (status.errorCount > status.errors.length && status.errorReport) {
        const report = JSON.parse((await objects.getText(status.errorReport.json)) ?? '{"sheets":[]}') as {
          sheets: { sheet: string | null; errors: RowError[] }[];
        };
        errors = report.sheets.find((s) => (s.sheet ?? undefined) === status.sheet)?.errors;
      }
      submissions.push(submissionSummary(status, errors));
    }

    await mkdir(options.outDir, { recursive: true });
    const files_ = {
      indicators: join(options.outDir, 'indicators.json'),
      submissions: join(options.outDir, 'submissions.json'),
      report: join(options.outDir, `report-${response.year}.xlsx`),
      email: join(options.outDir, `email-${response.year}.eml`),
      review: join(options.outDir, 'review.json'),
    };
    await writeFile(files_.indicators, JSON.stringify(indicators, null, 2) + '\n');
    await writeFile(files_.submissions, JSON.stringify(submissions, null, 2) + '\n');
    await writeFile(files_.report, await objects.getBytes(response.reportKey));
    await writeFile(files_.email, await objects.getBytes(response.emailKey));
    await writeFile(files_.review, await objects.getBytes(response.reviewKey));
    // The checked workbooks, at each submission's path relative to submissions/ (contract section 8).
    for (const key of new Set(statuses.flatMap((st) => (st.checkedWorkbook ? [st.checkedWorkbook] : [])))) {
      const path = join(options.outDir, 'checked', key.slice(RESULTS_PREFIX.length));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await objects.getBytes(key));
    }
    return {
      year: response.year,
      indicators,
      submissions,
      files: files_,
      uploaded: files,
      deadLetters: queue.deadLetters.length,
      deadLetterReasons: queue.deadLetterReport(),
      faults,
      stack,
    };
  } finally {
    if (!options.keepRunning) {
      await stack.stop();
      for (const key of Object.keys(process.env)) if (!(key in previousEnv)) delete process.env[key];
      Object.assign(process.env, previousEnv);
      resetAwsClients();
    }
  }
}

