/** The report handler as EventBridge Scheduler invokes it, against the local servers. */
import { asPrincipal } from '../../shared/storage/aws-calls';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportHandler } from '../../lambdas/report';
import { ingestSubmission } from '../../shared/ingest/ingest-submission';
import { csv, ENTERPRISE_HEADER, uscc } from '../support/submission-files';
import { endpoints, freshPorts } from '../support/local-servers';

let ports: Awaited<ReturnType<typeof freshPorts>>;

beforeAll(async () => {
  ports = await freshPorts({
    TORCHLINE_SES_ENDPOINT: endpoints().ses,
    TORCHLINE_RECIPIENTS: 'scheduled-handler@yingze.gov.cn',
    TORCHLINE_DISTRICT: '迎泽区测试',
  });
  const key = 'submissions/enterprises/2021.csv';
  await asPrincipal({ kind: 'staff' }, () =>
    ports.clients.s3.send(new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: csv([ENTERPRISE_HEADER, [uscc(1), 'A', 2021, 'other', 'yes', 'no']]) })),
  );
  await asPrincipal({ kind: 'ingest' }, () =>
    ingestSubmission({ key, sequencer: '1', eventTime: '2022-01-01T00:00:00Z' }, () => ports.objects.open(key), ports.ingestStore),
  );
});

describe('report handler', () => {
  it('sends the annual report for the previous year once per scheduled time', async () => {
    const handler = reportHandler(() => ports.torchline);
    const event = { kind: 'annual' as const, scheduledTime: '2022-01-15T01:00:00Z' };
    const first = await handler(event);
    expect(first).toMatchObject({ year: 2021, delivery: 'attached' });
    expect(await handler(event)).toEqual({ skipped: 'already sent', idempotencyKey: 'annual#2022-01-15T01:00:00.000Z' });
    const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: { subject: string; destination: { to: string[] } }[] };
    const mine = store.emails.filter((e) => e.destination.to.includes('scheduled-handler@yingze.gov.cn'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toContain('迎泽区测试');
    expect(mine[0]!.subject).toContain('2021 年度 annual');
  });

  it('refuses an event that is not a report trigger, naming what is wrong', async () => {
    const handler = reportHandler(() => ports.torchline);
    await expect(handler({ kind: 'weekly' })).rejects.toThrow(/not a report trigger: kind/);
    await expect(handler({ year: '2021; drop' })).rejects.toThrow(/not a report trigger: year/);
  });
});
