import { describe, expect, it } from 'vitest';
import { approvalLine, openYear } from '../../../shared/domain/approval';

const day = (iso: string) => iso.slice(0, 10);

describe("a year's approval line", () => {
  it('says who approved and when, Chinese first', () => {
    const approved = { year: 2025, state: 'approved' as const, history: [{ action: 'approve' as const, by: '王飞跃', at: '2026-04-10T02:00:00Z' }] };
    expect(approvalLine(approved, day)).toEqual({ zh: '已审核（王飞跃，2026-04-10）', en: 'approved by 王飞跃, 2026-04-10' });
  });

  it('says 未审核 before any approval, and after a reopening', () => {
    expect(approvalLine(undefined, day)).toEqual({ zh: '未审核', en: 'not approved' });
    expect(approvalLine(openYear(2025), day)).toEqual({ zh: '未审核', en: 'not approved' });
    const reopened = {
      year: 2025,
      state: 'open' as const,
      history: [
        { action: 'approve' as const, by: '王飞跃', at: '2026-04-10T02:00:00Z' },
        { action: 'reopen' as const, by: '李四', at: '2026-04-12T02:00:00Z', reason: '更正' },
      ],
    };
    expect(approvalLine(reopened, day)).toEqual({ zh: '未审核', en: 'not approved' });
  });
});
