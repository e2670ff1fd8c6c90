import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAILBOX_FOLDER, sampleFiles } from '../../scripts/generate-samples';
import { mailboxSample } from '../../scripts/samples/mailbox-sample';
import { listInputFiles } from '../../scripts/local/run-pipeline';
import { sampleEnterprises, sampleIncubators, sampleProjects } from '../../scripts/samples/yingze-sample';
import { parseUscc } from '../../shared/domain/uscc';

const samples = fileURLToPath(new URL('../../samples', import.meta.url));

describe('the Yingze sample generator', () => {
  it('is deterministic, and the committed samples are exactly its output', async () => {
    const files = await sampleFiles();
    expect([...files.keys()].sort()).toEqual(await listInputFiles(samples));
    for (const [path, bytes] of files) expect((await readFile(`${samples}/${path}`)).equals(bytes), path).toBe(true);
    const mailbox = fileURLToPath(new URL(`../../${MAILBOX_FOLDER}`, import.meta.url));
    const messages = await mailboxSample();
    expect([...messages.keys()]).toEqual(await listInputFiles(mailbox));
    for (const [name, bytes] of messages) expect((await readFile(`${mailbox}/${name}`)).equals(bytes), name).toBe(true);
  });

  it('mixes CSV and XLSX, English and Chinese headers', async () => {
    const names = [...(await sampleFiles()).keys()];
    expect(names.some((n) => n.endsWith('.csv'))).toBe(true);
    expect(names.some((n) => n.endsWith('.xlsx'))).toBe(true);
    expect(names.some((n) => /[\u4e00-\u9fff]/.test(n))).toBe(true);
  });

  it('uses valid USCCs from Yingze district (140105) and the featured industries', () => {
    const enterprises = sampleEnterprises();
    for (const e of enterprises) {
      expect(parseUscc(e.uscc).ok).toBe(true);
      expect(e.uscc.slice(2, 8)).toBe('140105');
    }
    const sectors = new Set(enterprises.map((e) => e.sector));
    for (const featured of ['it_innovation', 'intelligent_manufacturing', 'digital_industry', 'modern_logistics', 'bio_materials', 'medicine_health']) {
      expect(sectors.has(featured as never)).toBe(true);
    }
    expect(sampleIncubators().every((i) => parseUscc(i.operator_uscc).ok)).toBe(true);
    expect(sampleProjects().every((p) => parseUscc(p.lead_uscc).ok)).toBe(true);
  });
});
