/**
 * District packages sent by the districts themselves (contract 15, and
 * section 1's identity): a district's officer, on the city's roster under its
 * code, uploads or mails its own package and it counts; another district's
 * package from the same unit is refused, naming both; a loose workbook that
 * is a package (mailed) is read as one; a package that does not add up gets
 * its checked workbook.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { upwardWorkbook } from '../../shared/report/upward-workbook';
import { freshPorts, ingestingUploader } from '../support/local-servers';
import { districtDoc } from '../support/district-packages';
import { csv } from '../support/submission-files';
import { asPrincipal } from '../../shared/torchline';
import { committedOrders } from '../../shared/domain/submission-status';
import { forEachRecordInForce } from '../../shared/report/current-records';

type Ports = Awaited<ReturnType<typeof freshPorts>>;
let ports: Ports;
let upload: ReturnType<typeof ingestingUploader>;
const asDistrict = { kind: 'submitter' as const, org: '140106' };

const districtsInForce = async (): Promise<string[]> => {
  const names: string[] = [];
  await asPrincipal({ kind: 'harness' }, async () => {
    const committed = committedOrders(await ports.submissions.listSubmissions());
    await forEachRecordInForce(ports.reportPorts.records, 'districts', 2021, committed, (r) => names.push(`${r.district}:${r.approved}`));
  });
  return names.sort();
};

beforeAll(async () => {
  ports = await freshPorts();
  upload = ingestingUploader(ports);
  await upload(
    'submissions/名录/2021.csv',
    csv([
      ['year', 'dataset', 'key', 'name', 'email'],
      [2021, '区县', '140106', '迎泽区', 'kjj@yingze.gov.cn'],
      [2021, '区县', 'TY-XD', '小店区', 'kjj@xiaodian.gov.cn'],
      [2021, '企业', '91140105MA0K01001N', '某企业', 'a@qiye.cn'],
    ]),
  );
});

describe("a district's own package", () => {
  it("counts when the roster's district uploads its own package into its 区县 folder", async () => {
    const done = await upload('submitters/140106/区县/upward-2021.xlsx', await upwardWorkbook(districtDoc(false), '2022-04-01'), asDistrict);
    expect(done.statuses[0]).toMatchObject({ dataset: 'districts', status: 'accepted', accepted: 1 });
    expect(done.statuses[0]!.warnings.join(' ')).toContain('草稿（未审核）');
    expect(await districtsInForce()).toEqual(['迎泽区:false']);
  });

  it("refuses another district's package from the same unit, naming both", async () => {
    const other = { ...districtDoc(true), district: '小店区' };
    const done = await upload('submitters/140106/区县/小店区.xlsx', await upwardWorkbook(other, '2022-04-01'), asDistrict);
    expect(done.statuses[0]).toMatchObject({ status: 'rejected', accepted: 0 });
    expect(done.statuses[0]!.errors[0]!.message).toContain('上报材料的区县为“小店区”，而本单位在名录中为“迎泽区”');
    expect(await districtsInForce()).toEqual(['迎泽区:false']);
  });

  it('knows a district by its roster key in any letter case, and refuses a package from a unit that is not a district', async () => {
    const xiaodian = { ...districtDoc(true), district: '小店区' };
    const own = await upload('submitters/ty-xd/区县/upward-2021.xlsx', await upwardWorkbook(xiaodian, '2022-04-01'), { kind: 'submitter', org: 'ty-xd' });
    expect(own.statuses[0]).toMatchObject({ status: 'accepted', dataset: 'districts' });
    const firm = { kind: 'submitter' as const, org: '91140105MA0K01001N' };
    const posing = await upload('submitters/91140105MA0K01001N/区县/upward-2021.xlsx', await upwardWorkbook(districtDoc(true), '2022-04-01'), firm);
    expect(posing.statuses[0]).toMatchObject({ status: 'rejected', accepted: 0 });
    expect(posing.statuses[0]!.errors[0]!.message).toContain('本单位不在 2021 年度名录的区县中');
    expect(await districtsInForce()).toEqual(['小店区:true', '迎泽区:false']);
  });

  it('reads a mailed workbook that is a package as a package, replacing the draft with the approved one', async () => {
    // The mailbox stores a mailed file in the sender's own mail folder (contract 13).
    const mailed = await upwardWorkbook(districtDoc(true), '2022-04-10');
    const done = await upload('submitters/140106/mail/2022-04-10/abc/upward-2021.xlsx', mailed, { kind: 'mailbox' });
    expect(done.statuses[0]).toMatchObject({ dataset: 'districts', status: 'accepted' });
    expect(await districtsInForce()).toEqual(['小店区:true', '迎泽区:true']);
  });

  it('reads a mailed package JSON by its content, and refuses a loose JSON that is not one as before', async () => {
    const json = JSON.stringify({ ...districtDoc(true), district: '迎泽区' });
    const done = await upload('submitters/140106/mail/2022-04-11/def/upward-2021.json', json, { kind: 'mailbox' });
    expect(done.statuses[0]).toMatchObject({ dataset: 'districts', status: 'accepted' });
    const rows = await upload('submitters/140106/mail/2022-04-11/ghi/rows.json', JSON.stringify([{ uscc: 'x' }]), { kind: 'mailbox' });
    expect(rows.statuses[0]).toMatchObject({ status: 'rejected', dataset: null });
    expect(rows.statuses[0]!.errors[0]!.message).toContain('无法判断类别');
  });

  it('answers a package that does not add up with its checked workbook and the reasons', async () => {
    const doc = districtDoc(true);
    const broken = { ...doc, incubators: doc.incubators.slice(1) };
    const done = await upload('submissions/区县/迎泽区-错.xlsx', await upwardWorkbook(broken, '2022-04-10'));
    expect(done.statuses[0]).toMatchObject({ status: 'rejected' });
    expect(done.statuses[0]!.errors.map((e) => e.message).join('\n')).toContain('孵化器表的孵化器个数为 1');
    expect(done.checkedWorkbook).toBeDefined();
    expect(await districtsInForce()).toEqual(['小店区:true', '迎泽区:true']);
  });
});
