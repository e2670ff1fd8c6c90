/**
 * The mailbox's throughput (contract 13), in a process of its own: a roster
 * of N units, each mailing one form on the campaign's last day, delivered
 * into Dovecot (not timed); then one poll through the real IMAP server over
 * TLS — fetch, parse, store, ingest, reply — timed, with its peak memory.
 * Args: N [MAX_SECONDS]. Prints one JSON line.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { clientSettingsFromEnv, configFromEnv } from '../../shared/config';
import { asPrincipal, createTorchline, imapMailboxSource } from '../../shared/torchline';
import { createAwsClients } from '../../shared/storage/aws-clients';
import { awsPorts } from '../../shared/storage/aws-ports';
import { ingestSubmission } from '../../shared/ingest/ingest-submission';
import { completeUscc } from '../../shared/domain/uscc';
import { startDovecot } from '../local/dovecot';
import { deliver } from '../local/mailbox-run';
import { xlsxBytes } from '../samples/sample-files';
import { startMemoryProbe } from './memory-probe';

const n = Number(process.argv[2] ?? 100);
const maxSeconds = Number(process.argv[3] ?? 13 * 60);
const code = (i: number) => completeUscc(`91140105MB${String(1_000_000 + i).slice(0, 7)}`);
const clock = { now: () => new Date('2026-03-31T08:00:00Z') };

const env = process.env;
const clients = createAwsClients(clientSettingsFromEnv(env));
const config = configFromEnv(env);
const ports = awsPorts(clients, config);
const app = createTorchline({ config, clients, clock });
const server = await startDovecot();
try {
  // The roster: N enterprises, each with its own address.
  const roster = ['year,dataset,key,name,email', ...Array.from({ length: n }, (_, i) => `2025,enterprises,${code(i)},单位${i},u${i}@qiye.cn`)].join('\n');
  const rosterKey = 'submissions/roster/bench-mailbox.csv';
  await asPrincipal({ kind: 'harness' }, async () => {
    await ports.objects.put(rosterKey, roster, 'text/csv');
    await ingestSubmission({ key: rosterKey, sequencer: '1', eventTime: '2026-01-05T00:00:00Z' }, () => ports.objects.open(rosterKey), ports.ingestStore);
  });
  const form = (i: number) =>
    xlsxBytes([
      { name: '企业', headers: ['uscc', 'name', 'year', 'sector', 'high_tech', 'scitech_sme'], rows: [[code(i), `单位${i}`, 2025, 'other', 'no', 'no']] },
    ]);
  await deliver(
    server,
    'INBOX',
    (async function* () {
      for (let i = 0; i < n; i++) {
        const attachments = [{ filename: '报表.xlsx', content: await form(i) }];
        yield await new MailComposer({ from: `u${i}@qiye.cn`, to: config.sender, subject: `单位${i}报表`, messageId: `<bench-${i}@qiye.cn>`, attachments })
          .compile()
          .build();
      }
    })(),
  );
  const source = await imapMailboxSource({ ...server, folder: 'INBOX', doneFolder: 'Torchline/已处理' });
  const stop = startMemoryProbe();
  const started = performance.now();
  const run = await asPrincipal({ kind: 'harness' }, () =>
    app.mailbox({
      source,
      deadline: new Date(clock.now().getTime() + maxSeconds * 1000),
      clock: { now: () => new Date(clock.now().getTime() + (performance.now() - started)) },
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const peak = stop();
  await source.close();
  const handled = run.entries.filter((e) => e.outcome === 'ingested').length;
  console.log(
    JSON.stringify({
      mode: 'mailbox poll',
      format: 'eml',
      rows: n,
      handled,
      left: run.left,
      replies: run.replies.length,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round((handled / seconds) * 10) / 10,
      ...peak,
    }),
  );
} finally {
  app.close();
  await server.stop();
}
