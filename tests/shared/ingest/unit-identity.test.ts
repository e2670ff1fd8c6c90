import { describe, expect, it } from 'vitest';
import type { SubmissionStatus } from '../../../shared/domain/submission-status';
import type { RecordHistory, StoredRecordVersion } from '../../../shared/ingest/ports';
import { UnitIdentity } from '../../../shared/ingest/unit-identity';

const A = '91140105MA0K01001N';
const B = '91140105MA0K01002L';

/** A record history in memory: versions by `dataset␀key`, statuses by object key. */
function history(versions: Record<string, StoredRecordVersion[]>, statuses: Record<string, Partial<SubmissionStatus>[]>): RecordHistory & { reads: number } {
  const h = {
    reads: 0,
    versionsOf: async (dataset: string, key: string) => {
      h.reads++;
      return versions[`${dataset}\u0000${key}`] ?? [];
    },
    statusesOf: async (key: string) => (statuses[key] ?? []) as SubmissionStatus[],
  };
  return h;
}

const version = (order: string, sourceKey: string, data: Record<string, unknown>): StoredRecordVersion => ({
  sk: `v#${order}#000#000000002`,
  order,
  sourceKey,
  data,
});
const accepted = (order: string): Partial<SubmissionStatus> => ({ order, accepted: 1, status: 'accepted' });

describe('whose a row is (contract 1, "Identity")', () => {
  it('refuses a project whose record in force has another lead or none, and allows a new one or its own', async () => {
    const h = history(
      {
        'projects\u0000P-1': [version('o1', 'submissions/p.csv', { lead_uscc: B })],
        'projects\u0000P-2': [version('o1', 'submissions/p.csv', {})],
        'projects\u0000P-3': [version('o1', 'submissions/p.csv', { lead_uscc: A })],
        // B's version of P-4 was withdrawn: the project is A's again.
        'projects\u0000P-4': [version('o1', 'submissions/p.csv', { lead_uscc: A }), version('o2', 'submissions/b.csv', { lead_uscc: B })],
      },
      { 'submissions/p.csv': [accepted('o1')], 'submissions/b.csv': [{ order: 'o2', accepted: 1, status: 'withdrawn' }] },
    );
    const identity = new UnitIdentity(h, A);
    const project = (id: string) => identity.check('projects', { project_id: id, lead_uscc: A, year: 2021 }, 'lead_uscc');
    expect(await project('p-1')).toEqual({ ok: false, why: 'led_by_another' });
    expect(await project('P-2')).toEqual({ ok: false, why: 'led_by_another' });
    expect(await project('P-3')).toEqual({ ok: true });
    expect(await project('P-4')).toEqual({ ok: true });
    expect(await project('P-9')).toEqual({ ok: true });
    expect(await identity.check('projects', { project_id: 'P-9', lead_uscc: B, year: 2021 }, 'lead_uscc')).toEqual({ ok: false, why: 'not_own' });
  });

  it('takes an incubator only when the roster names it for the year or the bureau reported it, reading each fact once', async () => {
    const h = history(
      {
        'roster\u00002021#incubators#YZ-INC-02': [version('o1', 'submissions/roster.csv', {})],
        'incubators\u0000YZ-INC-01#2019': [version('o1', 'submissions/inc.csv', {})],
        [`incubators\u0000${A}#2021`]: [version('o3', `submitters/${A}/incubators/self.csv`, {})],
      },
      { 'submissions/roster.csv': [accepted('o1')], 'submissions/inc.csv': [accepted('o1')], [`submitters/${A}/incubators/self.csv`]: [accepted('o3')] },
    );
    const row = (id: string) => ({ incubator_id: id, year: 2021 });
    expect(await new UnitIdentity(h, 'YZ-INC-02').check('incubators', row('yz-inc-02'), 'incubator_id')).toEqual({ ok: true });
    expect(await new UnitIdentity(h, 'YZ-INC-01').check('incubators', row('ＹＺ-INC-01'), 'incubator_id')).toEqual({ ok: true });
    // Its own earlier self-made record does not make an enterprise an incubator.
    const enterprise = new UnitIdentity(h, A);
    expect(await enterprise.check('incubators', row(A), 'incubator_id')).toEqual({ ok: false, why: 'not_incubator' });
    const reads = h.reads;
    expect(await enterprise.check('incubators', row(A), 'incubator_id')).toEqual({ ok: false, why: 'not_incubator' });
    expect(h.reads).toBe(reads);
    expect(await enterprise.check('incubators', row('YZ-INC-02'), 'incubator_id')).toEqual({ ok: false, why: 'not_own' });
  });
});
