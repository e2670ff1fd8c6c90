/** Sending the checked workbook back to its submitter, through s3rver and the SES emulator. */
import { SYSTEM_CLOCK } from '../../../shared/domain/clock';
import { asPrincipal } from '../../../shared/storage/aws-calls';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestNotification, type SubmitterMail } from '../../../shared/ingest/ingest-notification';
import { allowedSubmitter } from '../../../shared/ingest/submitter-email';
import { csv, ENTERPRISE_HEADER, uscc } from '../../support/submission-files';
import { endpoints, freshPorts } from '../../support/local-servers';

let ports: Awaited<ReturnType<typeof freshPorts>>;
let mail: SubmitterMail;
let clock = Date.UTC(2023, 0, 1);

beforeAll(async () => {
  ports = await freshPorts({ TORCHLINE_SES_ENDPOINT: endpoints().ses });
  mail = {
    mailer: ports.mailer,
    // The stack's own sender: the ingest role may send as no other (the permission contract checks it).
    sender: ports.config.sender,
    district: '迎泽区',
    allowedDomains: ['yingze.gov.cn', 'qiye.cn'],
    quota: ports.mailQuota,
    ledger: ports.sendLedger,
    clock: SYSTEM_CLOCK,
    rosterAddress: (org, years) => ports.rosterContacts.address(org, years),
  };
});

async function upload(key: string, body: string, submitter?: string) {
  // As whoever uploads it: staff under submissions/, the unit itself under submitters/<org>/.
  const org = key.startsWith('submitters/') ? key.split('/')[1]! : undefined;
  await asPrincipal(org ? { kind: 'submitter', org } : { kind: 'staff' }, () =>
    ports.clients.s3.send(
      new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: body, Metadata: submitter ? { 'submitter-email': submitter } : undefined }),
    ),
  );
  clock += 1000;
  const event = {
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventTime: new Date(clock).toISOString(),
        s3: { bucket: { name: ports.bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), sequencer: clock.toString(16) } },
      },
    ],
  };
  return (await asPrincipal({ kind: 'ingest' }, () => ingestNotification(JSON.stringify(event), ports.objects, ports.ingestStore, undefined, mail)))[0]!;
}

async function inbox(to: string) {
  type Stored = { destination: { to: string[] }; subject: string; body: { text: string }; attachments: { filename: string; content: string }[] };
  const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: Stored[] };
  return store.emails.filter((e) => e.destination.to.some((t) => t.includes(to)));
}

const bad = csv([ENTERPRISE_HEADER, [uscc(1), 'Good', 2022, 'other', 'no', 'no'], ['BAD', 'Bad', 2022, 'other', 'no', 'no']]);

describe('the checked workbook to the submitter', () => {
  it('allows only strict addresses of an allowed domain (subdomains only when listed with a leading dot); an empty list never sends', () => {
    expect(allowedSubmitter('zhang@qiye.cn', ['qiye.cn'])).toBe('zhang@qiye.cn');
    expect(allowedSubmitter('li@dept.yingze.gov.cn', ['yingze.gov.cn'])).toBeUndefined();
    expect(allowedSubmitter('li@dept.yingze.gov.cn', ['.yingze.gov.cn'])).toBe('li@dept.yingze.gov.cn');
    expect(allowedSubmitter('li@yingze.gov.cn', ['.yingze.gov.cn'])).toBe('li@yingze.gov.cn');
    for (const hostile of ['a%b@qiye.cn', '"a b"@qiye.cn', 'a\u200B@qiye.cn', 'a@qiye.cn.', 'a@-qiye.cn', `${'a'.repeat(300)}@qiye.cn`]) {
      expect(allowedSubmitter(hostile, ['qiye.cn'])).toBeUndefined();
    }
    expect(allowedSubmitter('x@evilqiye.cn', ['qiye.cn'])).toBeUndefined();
    expect(allowedSubmitter('a@b.cn, c@qiye.cn', ['qiye.cn'])).toBeUndefined();
    expect(allowedSubmitter('zhang@qiye.cn', [])).toBeUndefined();
  });

  it('emails a submitter of an allowed domain the checked workbook, byte for byte, with what to fix', async () => {
    const result = await upload('submissions/enterprises/zhang.csv', bad, 'zhang@qiye.cn');
    expect(result.mailed).toMatchObject({ outcome: 'sent', to: 'zhang@qiye.cn' });
    const [message] = await inbox('zhang@qiye.cn');
    expect(message!.subject).toContain('部分接受 partially accepted');
    // The uploader's file name never reaches the subject line.
    expect(message!.subject).not.toContain('zhang.csv');
    expect(message!.body.text).toContain('接受 1 行，退回 1 行');
    expect(message!.body.text).toContain('需要修改 1 行（标红），需要说明 0 行');
    expect(message!.attachments.map((a) => a.filename)).toEqual(['zhang.csv.checked.xlsx']);
    const stored = await asPrincipal({ kind: 'harness' }, () => ports.objects.getBytes('results/enterprises/zhang.csv.checked.xlsx'));
    expect(Buffer.from(message!.attachments[0]!.content, 'base64').equals(stored)).toBe(true);
  });

  it('sends nothing when the domain is not allowed, or the upload names no submitter', async () => {
    expect((await upload('submissions/enterprises/wang.csv', bad, 'wang@gmail.com')).mailed).toEqual({ outcome: 'not_sent', why: 'address_not_allowed' });
    expect((await upload('submissions/enterprises/anon.csv', bad)).mailed).toBeUndefined();
    expect(await inbox('wang@gmail.com')).toEqual([]);
  });

  it("mails one address at most its daily allowance, and never from a submitter's own upload", async () => {
    const results = [];
    for (let i = 0; i < 12; i++) results.push((await upload(`submissions/enterprises/flood-${i}.csv`, bad, 'flood@qiye.cn')).mailed);
    expect(results.filter((r) => r?.outcome === 'sent')).toHaveLength(10);
    expect(results.at(-1)).toEqual({ outcome: 'not_sent', why: 'daily_limit' });
    expect((await inbox('flood@qiye.cn')).length).toBe(10);
    const own = await upload(`submitters/${uscc(1)}/enterprises/own.csv`, bad, 'self@qiye.cn');
    expect(own.mailed).toEqual({ outcome: 'not_sent', why: 'no_roster_address' });
    expect(await inbox('self@qiye.cn')).toEqual([]);
  });

  it("answers a submitter's own upload at its roster address alone, the entry in force, whatever the uploader's metadata says", async () => {
    const rosterHeader = ['year', 'dataset', 'key', 'name', 'email'];
    await upload('submissions/roster/2022.csv', csv([rosterHeader, [2022, 'enterprises', uscc(7), 'Seven', 'old@seven.cn']]));
    const own = csv([ENTERPRISE_HEADER, [uscc(7), 'Seven', 2022, 'other', 'no', 'no'], [uscc(7), 'Seven', 2022, 'mining', 'no', 'no']]);
    const first = await upload(`submitters/${uscc(7)}/enterprises/2022.csv`, own, 'attacker@qiye.cn');
    // The roster's domain needs no allow-list entry: the bureau wrote that address itself.
    expect(first.mailed).toMatchObject({ outcome: 'sent', to: 'old@seven.cn' });
    const [receipt] = await inbox('old@seven.cn');
    expect(receipt!.attachments.map((a) => a.filename)).toEqual(['2022.csv.checked.xlsx']);
    expect(await inbox('attacker@qiye.cn')).toEqual([]);
    // A later roster upload replaces the entry; a roster upload rejected whole changes nothing.
    await upload('submissions/roster/2022-fix.csv', csv([rosterHeader, [2022, '企业', uscc(7), 'Seven', 'new@seven.cn']]));
    await upload(
      'submissions/roster/2022-broken.csv',
      csv([
        ['year', 'dataset', 'key'],
        [2022, 'enterprises', uscc(7)],
      ]),
    );
    expect((await upload(`submitters/${uscc(7)}/enterprises/2022-again.csv`, own)).mailed).toMatchObject({ outcome: 'sent', to: 'new@seven.cn' });
    expect(await inbox('old@seven.cn')).toHaveLength(1);
  });
});
