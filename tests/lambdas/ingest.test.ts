/** The ingest handler, as SQS invokes it, against the local servers. */
import { asPrincipal } from '../../shared/storage/aws-calls';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestHandler } from '../../lambdas/ingest';
import { lambdaContext, sqsRecord as message } from '../../scripts/local/lambda-events';
import { ingestNotification } from '../../shared/ingest/ingest-notification';
import { csv, ENTERPRISE_HEADER, uscc } from '../support/submission-files';
import { freshPorts } from '../support/local-servers';

type Ports = Awaited<ReturnType<typeof freshPorts>>;
let ports: Ports;

const context = lambdaContext('ingest');

function sqsRecord(id: string, key: string, time: number): SQSRecord {
  const notification = {
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventTime: new Date(time).toISOString(),
        s3: { bucket: { name: ports.bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), sequencer: time.toString(16) } },
      },
    ],
  };
  return message(JSON.stringify(notification), id);
}

beforeAll(async () => {
  ports = await freshPorts();
  const put = (key: string, body: string) =>
    asPrincipal({ kind: 'staff' }, () => ports.clients.s3.send(new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: body })));
  await put('submissions/enterprises/good.csv', csv([ENTERPRISE_HEADER, [uscc(1), 'A', 2021, 'other', 'yes', 'no']]));
  await put('submissions/enterprises/poison.xlsx', 'not a workbook');
});

describe('ingest handler', () => {
  it('ingests good files and records poison files as rejected without failing the batch', async () => {
    const event: SQSEvent = {
      Records: [
        sqsRecord('m1', 'submissions/enterprises/good.csv', Date.UTC(2022, 0, 1)),
        sqsRecord('m2', 'submissions/enterprises/poison.xlsx', Date.UTC(2022, 0, 2)),
        sqsRecord('m3', 'submissions/enterprises/deleted.csv', Date.UTC(2022, 0, 3)),
        { ...sqsRecord('m4', 'x', 0), body: JSON.stringify({ Event: 's3:TestEvent' }) },
      ],
    };
    const response = await ingestHandler(() => ports.torchline)(event, context);
    expect(response.batchItemFailures).toEqual([]);
    const statuses = await asPrincipal({ kind: 'report' }, () => ports.submissions.listSubmissions());
    expect(statuses.map((s) => [s.key, s.status])).toEqual([
      ['submissions/enterprises/good.csv', 'accepted'],
      ['submissions/enterprises/poison.xlsx', 'rejected'],
      ['submissions/enterprises/deleted.csv', 'rejected'],
    ]);
  });

  it('reports a message that hit a transient fault as a batch item failure so SQS retries only it', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    const store = { ...ports.ingestStore, hasSubmission: () => Promise.reject(throttled) };
    const failing = ingestHandler(() => ({ ...ports.torchline, ingest: (body: string) => ingestNotification(body, ports.objects, store) }));
    const response = await failing({ Records: [sqsRecord('m5', 'submissions/enterprises/good.csv', Date.UTC(2022, 0, 5))] }, context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm5' }]);
    expect((await asPrincipal({ kind: 'report' }, () => ports.submissions.listSubmissions())).filter((s) => s.key.endsWith('good.csv'))).toHaveLength(1);
  });
});
