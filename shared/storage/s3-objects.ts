/** S3 access used by ingest and reporting: read a submission, write reports, presign links. */
import { SYSTEM_CLOCK } from '../domain/clock';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';

export class S3Objects {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  /** The object's body as a stream; pinned to the version the event named when there is one. */
  async open(key: string, versionId?: string): Promise<Readable> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    return out.Body as Readable;
  }

  async metadata(key: string, versionId?: string): Promise<Record<string, string>> {
    const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    return Object.fromEntries(Object.entries(out.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  }

  async put(key: string, body: Buffer | string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** A file as an uploader puts it (a stream of known length, the submitter's address as metadata); its version when the bucket keeps versions. */
  async upload(key: string, body: Readable | Buffer, size: number, metadata?: Record<string, string>): Promise<{ versionId?: string; etag?: string }> {
    const out = await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: size, Metadata: metadata }));
    return { ...(out.VersionId ? { versionId: out.VersionId } : {}), ...(out.ETag ? { etag: out.ETag } : {}) };
  }

  /** Every object under a prefix and when it was written (folder markers left out). */
  async list(prefix: string): Promise<{ key: string; at: Date }[]> {
    const keys: { key: string; at: Date }[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) keys.push({ key: o.Key, at: o.LastModified ?? new Date(0) });
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  }

  async getBytes(key: string): Promise<Buffer> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async getText(key: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await out.Body!.transformToString('utf-8');
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  /**
   * A presigned GET and when it really stops working: a URL signed with
   * temporary credentials (a Lambda role's) dies with them, whatever it asks for.
   */
  /** Signed now, by the system's clock: AWS checks a signature's time against its own, whatever clock the app runs on. */
  async presign(key: string, expiresIn: number, now = SYSTEM_CLOCK.now()): Promise<{ url: string; expiresAt: Date }> {
    const url = await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn });
    const credentials = await this.s3.config.credentials();
    const asked = now.getTime() + expiresIn * 1000;
    const until = credentials.expiration ? Math.min(asked, credentials.expiration.getTime()) : asked;
    return { url, expiresAt: new Date(until) };
  }
}
