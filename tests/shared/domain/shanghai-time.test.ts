import { describe, expect, it } from 'vitest';
import { beijingTime, shanghaiDay } from '../../../shared/domain/shanghai-time';

describe('Beijing time', () => {
  it("gives the day and the minute as the bureau reads them, marked +08:00, whatever the server's zone", () => {
    expect(beijingTime('2022-03-31T16:30:00.000Z')).toBe('2022-04-01 00:30 +08:00');
    expect(beijingTime(new Date('2022-01-15T01:00:00Z'))).toBe('2022-01-15 09:00 +08:00');
    expect(beijingTime(undefined)).toBe('?');
    expect(shanghaiDay(new Date('2022-03-31T16:30:00Z'))).toBe('2022-04-01');
  });
});
