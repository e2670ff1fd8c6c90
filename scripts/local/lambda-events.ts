/**
 * The events and context the Lambda runtime hands the handlers, built with
 * their own types (`@types/aws-lambda`), for everything that invokes a
 * handler outside AWS: the local queue, the benchmark and the tests.
 */
import { randomUUID } from 'node:crypto';
import type { Context, SQSRecord } from 'aws-lambda';

/** One SQS message as the ingest function receives it. */
export function sqsRecord(body: string, messageId: string = randomUUID(), queueArn = 'arn:aws:sqs:cn-north-1:000000000000:torchline-ingest'): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'local-s3',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'cn-north-1',
  };
}

/** The invocation context, with a Lambda's 15 minutes. */
export function lambdaContext(functionName = 'torchline-ingest-local'): Context {
  const deadline = Date.now() + 15 * 60 * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:cn-north-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
