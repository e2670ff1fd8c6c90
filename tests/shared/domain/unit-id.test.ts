import { describe, expect, it } from 'vitest';
import { naturalKey } from '../../../shared/domain/datasets';
import { foldId, sameId } from '../../../shared/domain/unit-id';

describe('one id whatever its case and width (contract 1, "Identity")', () => {
  it('folds letter case and full width, and leaves a folded id as it is', () => {
    expect(foldId('yz-inc-01')).toBe('YZ-INC-01');
    expect(foldId('ＹＺ-ＩＮＣ-０１')).toBe('YZ-INC-01');
    expect(foldId('YZ-INC-01')).toBe('YZ-INC-01');
    expect(sameId('yzkj-2021-001', 'ＹＺＫＪ-2021-001')).toBe(true);
    expect(sameId('I-2', 'I2')).toBe(false);
  });

  it('keys a record by the folded id, whatever the file wrote', () => {
    const key = (id: string) => naturalKey('incubators', { incubator_id: id, year: 2021 });
    expect(key('yz-inc-01')).toBe('YZ-INC-01#2021');
    expect(key('ＹＺ-INC-01')).toBe(key('YZ-INC-01'));
    expect(naturalKey('projects', { project_id: 'yzkj-2021-001' })).toBe('YZKJ-2021-001');
    expect(naturalKey('roster', { year: 2021, dataset: 'incubators', key: 'yz-inc-02' })).toBe('2021#incubators#YZ-INC-02');
  });
});
