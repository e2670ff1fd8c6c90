import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue } from '../../../scripts/local/local-queue';

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
  });
});
