/**
 * Submitters attacking each other (contract v4, section 1 "Identity"), each
 * holding only its own submitter policy, through the whole pipeline on the
 * local servers: taking over another unit's project, making an enterprise an
 * incubator, filing one id in another case or width. Every attack row is
 * refused with its reason, and the report built afterwards shows every figure
 * exactly as the bureau's and the units' own uploads make it.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineResult } from '../../scripts/local/run-pipeline';
import { endpoints, uniqueName } from '../support/local-servers';
import { csv, ENTERPRISE_HEADER, uscc } from '../support/submission-files';

const A = uscc(71);
const B = uscc(72);
const PROJECT_HEADER = ['project_id', 'title', 'year', 'field', 'funding', 'lead_uscc', 'lead_name'];
const INCUBATOR_HEADER = ['incubator_id', 'name', 'level', 'year', 'incubating_companies', 'cumulative_incubated'];

/** What the bureau and the units rightly upload. */
const LEGITIMATE: Record<string, string> = {
  'projects/2021.csv': csv([
    PROJECT_HEADER,
    ['YZKJ-2021-001', 'B 的项目', 2021, 'it_innovation', '1,160,000', B, '乙公司'],
    ['YZKJ-2021-002', '无承担单位的项目', 2021, 'new_materials', '300,000', '', ''],
  ]),
  'incubators/2021.csv': csv([INCUBATOR_HEADER, ['YZ-INC-01', '迎泽孵化器', 'provincial', 2021, 30, 120]]),
  'roster/2021.csv': csv([
    ['year', 'dataset', 'key', 'name'],
    [2021, 'incubators', 'yz-inc-02', '名录上的孵化器'],
  ]),
  'enterprises/2021.csv': csv([ENTERPRISE_HEADER, [A, '甲公司', 2021, 'it_innovation', 'yes', 'no'], [B, '乙公司', 2021, 'new_materials', 'yes', 'no']]),
  // On the roster as an incubator (written there in lower case): its own figures are its to report.
  'submitters/YZ-INC-02/incubators/own.csv': csv([INCUBATOR_HEADER, ['YZ-INC-02', '名录上的孵化器', 'district', 2021, 8, 20]]),
};

/** What attackers drop beside them. */
const ATTACKS: Record<string, string> = {
  // A takes B's project, in the case B wrote and in another; and the bureau's project that names no lead.
  [`submitters/${A}/projects/take.csv`]: csv([
    PROJECT_HEADER,
    ['YZKJ-2021-001', '甲改的项目', 2021, 'it_innovation', '99,000,000', A, '甲公司'],
    ['yzkj-2021-001', '甲改的项目', 2021, 'it_innovation', '99,000,000', A, '甲公司'],
    ['YZKJ-2021-002', '甲认领的项目', 2021, 'new_materials', '5,000,000', A, '甲公司'],
  ]),
  // An enterprise makes itself an incubator with its own credit code.
  [`submitters/${A}/incubators/self.csv`]: csv([INCUBATOR_HEADER, [A, '甲孵化器', 'national', 2021, 500, 500]]),
  // The incubator files itself again in lower case and full width: the one record, the same figures.
  'submitters/yz-inc-01/incubators/case.csv': csv([INCUBATOR_HEADER, ['yz-inc-01', '迎泽孵化器', 'provincial', 2021, 30, 120]]),
  'submitters/YZ-INC-01/incubators/width.csv': csv([INCUBATOR_HEADER, ['ＹＺ-ＩＮＣ-０１', '迎泽孵化器', 'provincial', 2021, 30, 120]]),
};

async function run(files: Record<string, string>, name: string): Promise<PipelineResult> {
  const input = await mkdtemp(join(tmpdir(), `torchline-${name}-`));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(input, path)), { recursive: true });
    await writeFile(join(input, path), body);
  }
  const { ses, dynamodb } = endpoints();
  return runPipeline({
    inputDir: input,
    outDir: await mkdtemp(join(tmpdir(), `torchline-${name}-out-`)),
    year: 2021,
    reuse: { ses, dynamodb },
    tableName: uniqueName(name),
    bucket: uniqueName(name),
  });
}

describe('a submitter writes only its own records', () => {
  it("refuses another unit's project, an enterprise as an incubator, and counts an id in any case or width once: every figure unchanged", async () => {
    const baseline = await run(LEGITIMATE, 'identity-base');
    const attacked = await run({ ...LEGITIMATE, ...ATTACKS }, 'identity-attack');
    const of = (path: string) => attacked.submissions.find((s) => s.key === path)!;

    const take = of(`submitters/${A}/projects/take.csv`);
    expect(take).toMatchObject({ accepted: 0, rejected: 3 });
    expect(take.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'project_id'],
      [3, 'project_id'],
      [4, 'project_id'],
    ]);
    expect(take.errors[0]!.message).toBe(
      "项目编号 YZKJ-2021-001 已由另一单位牵头报送：项目的承担单位只能由科技局更改 / project YZKJ-2021-001 is led by another unit: only the bureau can change a project's lead",
    );

    const self = of(`submitters/${A}/incubators/self.csv`);
    expect(self).toMatchObject({ accepted: 0, rejected: 1, errors: [{ row: 2, column: 'incubator_id' }] });
    expect(self.errors[0]!.message).toContain('不是 2021 年度名录中的孵化器');

    expect(of('submitters/yz-inc-01/incubators/case.csv')).toMatchObject({ status: 'accepted', accepted: 1 });
    expect(of('submitters/YZ-INC-01/incubators/width.csv')).toMatchObject({ status: 'accepted', accepted: 1 });
    expect(of('submitters/YZ-INC-02/incubators/own.csv')).toMatchObject({ status: 'accepted', accepted: 1 });

    // Every figure of every year as the legitimate uploads alone make it: funding 146 万元, two incubators.
    expect(attacked.indicators.years).toEqual(baseline.indicators.years);
    const y = attacked.indicators.years['2021']!;
    expect(y.tech_project_funding).toBe(1_460_000);
    expect(y.incubators).toBe(2);
    expect(y.incubating_companies).toBe(38);
  });
});
