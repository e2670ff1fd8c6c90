import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue } from '../../../scripts/local/local-queue';
import { objectsCreated } from '../../../shared/ingest/s3-notification';

const s3Event = (key: string) => ({
  Records: [{ eventName: 'ObjectCreated:Put', eventTime: '2022-01-01T00:00:00.000Z', s3: { bucket: { name: 'b' }, object: { key, sequencer: '1' } } }],
});

describe('local queue (the stand-in for S3 → SQS → Lambda)', () => {
  it('wraps each S3 event as an SQS message with strictly increasing event times and sequencers', async () => {
    const seen: SQSEvent[] = [];
    const queue = new LocalQueue(async (event) => {
      seen.push(event);
      return { batchItemFailures: [] };
    });
    queue.onS3Event(s3Event('submissions/a.csv'));
    queue.onS3Event(s3Event('submissions/b.csv'));
    await queue.drain();
    expect(seen).toHaveLength(2);
    const bodies = seen.map((e) => JSON.parse(e.Records[0]!.body));
    expect(seen[0]!.Records[0]!.eventSource).toBe('aws:sqs');
    expect(bodies.map((b) => b.Records[0].s3.object.key)).toEqual(['submissions/a.csv', 'submissions/b.csv']);
    const [t1, t2] = bodies.map((b) => Date.parse(b.Records[0].eventTime));
    expect(t2!).toBeGreaterThan(t1!);
    const [s1, s2] = bodies.map((b) => BigInt(`0x${b.Records[0].s3.object.sequencer}`));
    expect(s2! > s1!).toBe(true);
  });

  it('redelivers a failed message up to 3 receives, then dead-letters it without blocking the next', async () => {
    const receives: string[] = [];
    const queue = new LocalQueue(async (event) => {
      const record = event.Records[0]!;
      const key = JSON.parse(record.body).Records[0].s3.object.key as string;
      receives.push(`${key}@${record.attributes.ApproximateReceiveCount}`);
      if (key.includes('poison')) throw new Error('boom');
      return { batchItemFailures: [] };
    });
    queue.onS3Event(s3Event('submissions/poison.csv'));
    queue.onS3Event(s3Event('submissions/fine.csv'));
    await queue.drain();
    expect(receives).toEqual(['submissions/poison.csv@1', 'submissions/poison.csv@2', 'submissions/poison.csv@3', 'submissions/fine.csv@1']);
    expect(queue.deadLetters).toHaveLength(1);
    expect(queue.deadLetterReport()).toEqual(['submissions/poison.csv: boom']);
  });

  it('delivers keys URL-encoded as S3 does, so "+", "%" and spaces come back as uploaded', async () => {
    const bodies: string[] = [];
    const queue = new LocalQueue(async (event) => {
      bodies.push(event.Records[0]!.body);
      return { batchItemFailures: [] };
    });
    const keys = ['submissions/企业/a+b.csv', 'submissions/企业/100% done.csv'];
    for (const key of keys) queue.onS3Event(s3Event(key));
    await queue.drain();
    expect(bodies.map((b) => JSON.parse(b).Records[0].s3.object.key)).toEqual([
      'submissions/%E4%BC%81%E4%B8%9A/a%2Bb.csv',
      'submissions/%E4%BC%81%E4%B8%9A/100%25+done.csv',
    ]);
    expect(bodies.flatMap((b) => objectsCreated(b).map((o) => o.key))).toEqual(keys);
  });
});
