/** Redrive without SQS's redrive API (the AWS China regions lack it): no emulator has SQS, so the clients are mocked. */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { redriveCommand } from '../../../scripts/operator/redrive-command';

const silent = { log: () => undefined, error: () => undefined };

function target() {
  const sqs = new SQSClient({ region: 'cn-northwest-1' });
  const lambda = new LambdaClient({ region: 'cn-northwest-1' });
  return { sqs, lambda, sqsMock: mockClient(sqs), lambdaMock: mockClient(lambda), ingestQueue: 'q', ingestDeadLetters: 'dlq', reportDeadLetters: 'rdlq', reportFunction: 'report' };
}

describe('redrive', () => {
  it('sends each dead letter back to the ingest queue and deletes it only once it is back', async () => {
    const t = target();
    t.sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ Body: 'a', ReceiptHandle: 'ra' }, { Body: 'b', ReceiptHandle: 'rb' }] })
      .resolves({ Messages: [] });
    t.sqsMock.on(SendMessageCommand, { MessageBody: 'a' }).resolves({}).on(SendMessageCommand, { MessageBody: 'b' }).rejects(new Error('throttled'));
    await expect(redriveCommand(t, { report: false, max: 10 }, silent)).rejects.toThrow('throttled');
    expect(t.sqsMock.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual(['ra']);
  });

  it('re-invokes the report function with the event a failed scheduled run carried, at most --max', async () => {
    const t = target();
    t.sqsMock.on(ReceiveMessageCommand).resolves({ Messages: [{ Body: JSON.stringify({ requestPayload: { kind: 'daily', scheduledTime: '2026-01-15T00:00:00Z' } }), ReceiptHandle: 'r1' }] });
    t.lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    expect(await redriveCommand(t, { report: true, max: 1 }, silent)).toBe(0);
    const invoked = t.lambdaMock.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(invoked.InvocationType).toBe('Event');
    expect(JSON.parse(Buffer.from(invoked.Payload as Uint8Array).toString())).toEqual({ kind: 'daily', scheduledTime: '2026-01-15T00:00:00Z' });
    expect(t.sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(1);
  });

  it('says the local stack has no queues', async () => {
    await expect(redriveCommand(undefined, { report: false, max: 1 }, silent)).rejects.toThrow(/no queues/);
  });
});
