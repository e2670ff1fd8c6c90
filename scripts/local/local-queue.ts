/**
 * The local stand-in for S3 → SQS → Lambda: each S3 event s3rver emits is
 * wrapped as the SQS message production delivers (body = the S3 notification
 * JSON) and handed to the ingest handler. Failed messages are retried up to
 * maxReceives times (the queue's redrive policy), then kept as dead letters.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext, sqsRecord } from './lambda-events';
import { encodeS3Key, objectsCreated } from '../../shared/ingest/s3-notification';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

interface S3EventShape {
  Records?: { eventTime?: string; s3?: { object?: { key?: string; sequencer?: string; versionId?: string } } }[];
}

export class LocalQueue {
  readonly deadLetters: SQSRecord[] = [];
  /** Why each dead letter failed its last receive, by message id. */
  readonly reasons = new Map<string, string>();
  private pending = new Set<Promise<void>>();
  private lastTime = 0;
  private counter = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly handler: Handler,
    private readonly options: {
      maxReceives?: number;
      queueArn?: string;
      /** Chaos: hold events until drain, then deliver each twice, in a shuffled order drawn from this. */
      shuffle?: () => number;
      /**
       * The upload time a run gives a key (its date folder, or the run's day: contract 12.4), stamped as its event time so that
       * upload order follows upload dates (section 8) and a mailed file dated between two uploads sorts between them.
       */
      uploadedAt?: (key: string) => string;
    } = {},
  ) {}

  private held: string[] = [];

  /** Receives s3rver's 'event'. s3rver stamps events with Date.now(); S3 guarantees later uploads get later sequencers, so make them strictly increasing. */
  onS3Event = (event: unknown): void => {
    const e = structuredClone(event) as S3EventShape;
    for (const r of e.Records ?? []) {
      const key = r.s3?.object?.key;
      const dated = this.options.uploadedAt && key !== undefined ? Date.parse(this.options.uploadedAt(key)) : undefined;
      // Files are uploaded in date order: within a day, each a millisecond after the one before.
      const t = dated !== undefined ? Math.max(dated, this.lastTime + 1) : Math.max(Date.now(), this.lastTime + 1);
      this.lastTime = t;
      r.eventTime = new Date(t).toISOString();
      if (r.s3?.object) r.s3.object.sequencer = (BigInt(t) * 1000n + BigInt(this.counter++ % 1000)).toString(16).toUpperCase();
      // The stack's bucket is versioned, so S3 names the version in each event and the ingest reads that version
      // (authorized as s3:GetObjectVersion). s3rver keeps one version and serves it for any id: the reads go as in AWS.
      if (r.s3?.object) r.s3.object.versionId ??= `v${r.s3.object.sequencer}`;
      // s3rver puts the raw key in its events; S3 URL-encodes it, and the handler decodes it as such.
      if (r.s3?.object?.key !== undefined) r.s3.object.key = encodeS3Key(r.s3.object.key);
    }
    if (this.options.shuffle) this.held.push(JSON.stringify(e));
    else this.send(JSON.stringify(e));
  };

  /** Chaos delivery: every held message twice, the whole lot shuffled (Fisher–Yates on the seeded draw). */
  private releaseHeld(): void {
    const random = this.options.shuffle!;
    const all = [...this.held, ...this.held];
    this.held = [];
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    for (const body of all) this.send(body);
  }

  /** Delivers one message body; messages are processed one at a time, in arrival order. */
  send(body: string): void {
    const record = sqsRecord(body, undefined, this.options.queueArn);
    const run = this.chain.then(() => this.deliver(record));
    this.chain = run;
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  private async deliver(record: SQSRecord): Promise<void> {
    const maxReceives = this.options.maxReceives ?? 3;
    for (let receive = 1; receive <= maxReceives; receive++) {
      record.attributes.ApproximateReceiveCount = String(receive);
      let failed: boolean;
      try {
        const response = await this.handler({ Records: [record] }, lambdaContext());
        failed = (response?.batchItemFailures ?? []).some((f) => f.itemIdentifier === record.messageId);
        if (failed) this.reasons.set(record.messageId, 'the handler reported it failed (its log says why)');
      } catch (err) {
        failed = true;
        this.reasons.set(record.messageId, err instanceof Error ? err.message : String(err));
      }
      if (!failed) {
        this.reasons.delete(record.messageId);
        return;
      }
    }
    this.deadLetters.push(record);
  }

  /** Each dead letter as a person reads it: the object key and why it failed. */
  deadLetterReport(): string[] {
    return this.deadLetters.map((record) => {
      let keys = '(not an S3 event)';
      try {
        keys = objectsCreated(record.body)
          .map((o) => o.key)
          .join(', ');
      } catch {
        // the body is what it is
      }
      return `${keys}: ${this.reasons.get(record.messageId) ?? 'unknown'}`;
    });
  }

  /** Resolves when every message sent so far has been handled or dead-lettered. */
  async drain(): Promise<void> {
    if (this.held.length > 0) this.releaseHeld();
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
