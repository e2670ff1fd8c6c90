/**
 * `redrive [--ingest | --report] [--max N]`: moves dead letters back where they
 * came from, in every partition (the AWS China regions have no SQS redrive
 * API): each message is received, sent back (an ingest notification to the
 * ingest queue; a report event to the report function, asynchronously), and
 * deleted from the dead-letter queue only once that succeeded.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { TargetError } from './cli-error';
import type { Output } from './output';

/** Where the dead letters are and where they go back to (the stack's outputs). */
export interface RedriveTarget {
  sqs: SQSClient;
  lambda: LambdaClient;
  ingestDeadLetters: string;
  ingestQueue: string;
  reportDeadLetters: string;
  reportFunction: string;
}

/** The event a dead-lettered report invocation carried: Lambda's failure record wraps it, the scheduler's does not. */
function reportEvent(body: string): string {
  const parsed = JSON.parse(body) as { requestPayload?: unknown };
  return JSON.stringify(parsed.requestPayload ?? parsed);
}

export async function redriveCommand(target: RedriveTarget | undefined, options: { report: boolean; max: number }, out: Output): Promise<number> {
  if (!target) throw new TargetError('no queues to redrive: the local stack has none (its dead letters are listed where npm start ends), and a stack of an earlier version has no queue outputs (deploy this version)');
  const queue = options.report ? target.reportDeadLetters : target.ingestDeadLetters;
  let moved = 0;
  while (moved < options.max) {
    const got = await target.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: Math.min(10, options.max - moved), WaitTimeSeconds: 1, VisibilityTimeout: 60 }));
    const messages = got.Messages ?? [];
    if (messages.length === 0) break;
    for (const m of messages) {
      if (options.report) {
        await target.lambda.send(new InvokeCommand({ FunctionName: target.reportFunction, InvocationType: 'Event', Payload: Buffer.from(reportEvent(m.Body ?? '{}')) }));
      } else {
        await target.sqs.send(new SendMessageCommand({ QueueUrl: target.ingestQueue, MessageBody: m.Body ?? '' }));
      }
      // Deleted only now: a failure above leaves the letter where it was, to be moved again.
      await target.sqs.send(new DeleteMessageCommand({ QueueUrl: queue, ReceiptHandle: m.ReceiptHandle }));
      moved++;
    }
  }
  out.log(`${moved} dead letter${moved === 1 ? '' : 's'} moved back to the ${options.report ? 'report function' : 'ingest queue'}${moved === options.max ? ` (--max ${options.max} reached; run again for more)` : ''}`);
  return 0;
}
