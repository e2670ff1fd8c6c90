import { describe, expect, it } from 'vitest';
import { readInboundMessage } from '../../../shared/mailbox/inbound-message';
import { composedMessage, gbZip, handwrittenMessage } from '../../support/mail-fixtures';

const BUREAU = 'keji@yingze.gov.cn';
const form = Buffer.from('uscc,name\n');

describe('a message of the mailbox', () => {
  it('names its sender in lower case and reads each submission attachment, a UTF-8 name written as RFC 2231 kept exactly', async () => {
    const raw = await composedMessage({
      from: '张三 <Zhang@Qiye.CN>',
      messageId: '<m1@qiye.cn>',
      attachments: [
        { filename: '2025年企业统计（修订）.xlsx', content: form },
        { filename: '签名.png', content: Buffer.from([0x89, 0x50]) },
      ],
    });
    const m = await readInboundMessage(raw, BUREAU);
    expect(m).toMatchObject({ messageId: 'm1@qiye.cn', from: 'zhang@qiye.cn', subject: '2025年度报表' });
    expect(m.automatic).toBeUndefined();
    expect(m.files.map((f) => f.name)).toEqual(['2025年企业统计（修订）.xlsx']);
    expect(m.files[0]!.content.equals(form)).toBe(true);
    expect(m.ignored).toEqual(['签名.png']);
  });

  it.each(['rfc2047-gb18030', 'raw-gb18030'] as const)('decodes a GB18030 attachment name written %s', async (style) => {
    const m = await readInboundMessage(
      handwrittenMessage({ from: 'li@qiye.cn', messageId: 'gb@qiye.cn', name: '迎泽区企业年报.xlsx', style, content: form }),
      BUREAU,
    );
    expect(m.files.map((f) => f.name)).toEqual(['迎泽区企业年报.xlsx']);
    expect(m.subject).toBe('报表');
  });

  it('opens a zip (GB18030 entry names) and a forwarded message, one level each', async () => {
    const zip = await gbZip({ '企业表.xlsx': form, '说明.docx': Buffer.from('x') });
    const inner = await composedMessage({ from: 'wang@qiye.cn', attachments: [{ filename: '孵化器.csv', content: form }] });
    const raw = await composedMessage({
      from: 'wang@qiye.cn',
      subject: '转发：报表',
      attachments: [
        { filename: '报表.zip', content: zip },
        { filename: '原邮件.eml', content: inner, contentType: 'message/rfc822' },
      ],
    });
    const m = await readInboundMessage(raw, BUREAU);
    expect(m.files.map((f) => f.name).sort()).toEqual(['企业表.xlsx', '孵化器.csv']);
    expect(m.ignored).toEqual(['报表.zip/说明.docx']);
  });

  it.each([
    ['auto_submitted', { 'Auto-Submitted': 'auto-replied' }],
    ['precedence', { Precedence: 'bulk' }],
    ['autoreply_header', { 'X-Autoreply': 'yes' }],
  ] as const)('is automatic mail (%s): nothing is read', async (reason, headers) => {
    const m = await readInboundMessage(await composedMessage({ from: 'li@qiye.cn', headers, attachments: [{ filename: 'a.xlsx', content: form }] }), BUREAU);
    expect(m.automatic).toBe(reason);
    expect(m.files).toEqual([]);
  });

  it('is automatic mail when it bounces (an empty Return-Path) or comes from the bureau itself', async () => {
    const bounce = Buffer.concat([Buffer.from('Return-Path: <>\r\n'), await composedMessage({ from: 'mailer-daemon@qiye.cn' })]);
    expect((await readInboundMessage(bounce, BUREAU)).automatic).toBe('null_return_path');
    expect((await readInboundMessage(await composedMessage({ from: 'KEJI@yingze.gov.cn' }), BUREAU)).automatic).toBe('own_sender');
  });

  it('is refused with the limit it passed: more than 20 forms', async () => {
    const attachments = Array.from({ length: 21 }, (_, i) => ({ filename: `${i}.csv`, content: form }));
    const m = await readInboundMessage(await composedMessage({ from: 'li@qiye.cn', attachments }), BUREAU);
    expect(m.refused).toContain('超过 20 个');
    expect(m.files).toEqual([]);
  });

  it('gets the same id each time when it has none, so a redelivery is known', async () => {
    const raw = Buffer.from('From: li@qiye.cn\r\nSubject: x\r\n\r\nbody\r\n');
    const [a, b] = [await readInboundMessage(raw, BUREAU), await readInboundMessage(raw, BUREAU)];
    expect(a.messageId).toBe(b.messageId);
    expect(a.messageId).toMatch(/^no-id-/);
  });

  it('trusts the From domain only where the bureau server recorded dmarc=pass or spf=pass for it', async () => {
    const pass = await composedMessage({
      from: 'li@qiye.cn',
      headers: { 'Authentication-Results': 'mx.yingze.gov.cn; spf=pass smtp.mailfrom=qiye.cn; dmarc=pass header.from=qiye.cn' },
    });
    const fail = await composedMessage({ from: 'li@qiye.cn', headers: { 'Authentication-Results': 'mx.yingze.gov.cn; spf=fail smtp.mailfrom=qiye.cn' } });
    expect((await readInboundMessage(pass, BUREAU)).authenticated).toBe(true);
    expect((await readInboundMessage(fail, BUREAU)).authenticated).toBe(false);
  });
});
