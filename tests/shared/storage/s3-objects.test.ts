import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3Objects } from '../../../shared/storage/s3-objects';

describe('S3 objects', () => {
  it('says a presigned link lasts only as long as the temporary credentials that signed it', async () => {
    const now = new Date(Date.UTC(2022, 0, 15, 1));
    const expiration = new Date(now.getTime() + 3 * 3600 * 1000);
    const s3 = new S3Client({
      region: 'cn-north-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret', sessionToken: 'token', expiration },
    });
    const week = 7 * 24 * 3600;
    const role = await new S3Objects(s3, 'b').presign('reports/2021/report-2021.xlsx', week, now);
    expect(role.expiresAt).toEqual(expiration);
    expect(new URL(role.url).searchParams.get('X-Amz-Expires')).toBe(String(week));
    const longLived = new S3Client({
      region: 'cn-north-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
    });
    expect((await new S3Objects(longLived, 'b').presign('k', week, now)).expiresAt).toEqual(new Date(now.getTime() + week * 1000));
  });
});
