import { describe, expect, it } from 'vitest';
import { objectsCreated } from '../../../shared/ingest/s3-notification';
import { uploadOrder } from '../../../shared/domain/records';

describe('S3 notifications', () => {
  it('reads ObjectCreated records and decodes URL-encoded keys', () => {
    const body = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          eventTime: '2022-01-05T01:02:03.004Z',
          s3: { bucket: { name: 'b' }, object: { key: 'submissions/%E4%BC%81%E4%B8%9A/my+file.csv', eTag: 'e', sequencer: '0A1B' } },
        },
        { eventName: 'ObjectRemoved:Delete', eventTime: '2022-01-05T01:02:03.004Z', s3: { bucket: { name: 'b' }, object: { key: 'x' } } },
      ],
    });
    expect(objectsCreated(body)).toEqual([
      {
        bucket: 'b',
        key: 'submissions/企业/my file.csv',
        etag: 'e',
        versionId: undefined,
        sequencer: '0A1B',
        eventTime: '2022-01-05T01:02:03.004Z',
        size: undefined,
      },
    ]);
  });

  it('treats the s3:TestEvent as nothing to do and rejects bodies that are not notifications', () => {
    expect(objectsCreated(JSON.stringify({ Event: 's3:TestEvent', Bucket: 'b' }))).toEqual([]);
    expect(() => objectsCreated('not json')).toThrow(/not JSON/);
    expect(() => objectsCreated('{"foo":1}')).toThrow();
  });

  it('orders uploads by event time, then by sequencer as a hex number', () => {
    const t = '2022-01-05T01:02:03.004Z';
    expect(uploadOrder({ eventTime: t, sequencer: 'FF' }) < uploadOrder({ eventTime: t, sequencer: '100' })).toBe(true);
    expect(uploadOrder({ eventTime: '2022-01-05T01:02:03.005Z', sequencer: '1' }) > uploadOrder({ eventTime: t, sequencer: 'FFFF' })).toBe(true);
  });
});
