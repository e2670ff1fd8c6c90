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
    await expect(handler({ package: true })).rejects.toThrow(/not a report trigger: year: a package request names its year/);
  });

  it("answers a package request for a year not approved without sending anything, and the daily check mails an approved year's package once", async () => {
    const handler = reportHandler(() => ports.torchline);
    expect(await handler({ package: true, year: 2021 })).toEqual({ outcome: 'not_approved', year: 2021 });
    // Approved here with the package's mail left to the daily check (as when the approval's invocation failed).
    await asPrincipal({ kind: 'operator' }, () =>
      ports.approvals.putApproval({
        year: 2021,
        state: 'approved',
        history: [{ action: 'approve', by: '王飞跃', at: '2022-04-10T02:00:00.000Z', reason: '测试' }],
      }),
    );
    const daily = { kind: 'daily' as const, scheduledTime: '2022-04-11T01:00:00Z' };
    expect(await handler(daily)).toMatchObject({ package: { outcome: 'sent', year: 2021, xlsxKey: expect.stringMatching(/upward-2021\.xlsx$/) } });
    expect(await handler(daily)).not.toHaveProperty('package');
    expect(await handler({ package: true, year: 2021 })).toEqual({ outcome: 'already', year: 2021 });
  });
});
