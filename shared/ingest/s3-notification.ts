/**
 * The body of an SQS message that S3 delivered: an S3 event notification
 * (or the s3:TestEvent S3 sends when the notification is first configured).
 * Keys arrive URL-encoded with '+' for spaces.
 */
import { z } from 'zod';
import type { SourceRef } from '../domain/records';

const recordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      eTag: z.string().optional(),
      versionId: z.string().nullish(),
      sequencer: z.union([z.string(), z.number()]).optional(),
      size: z.number().optional(),
    }),
  }),
});

const notificationSchema = z.object({ Records: z.array(recordSchema) });

export interface ObjectCreated extends SourceRef {
  bucket: string;
  size?: number;
}

/** How S3 writes a key into an event: URL-encoded, spaces as '+' (the local queue delivers exactly that). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** ObjectCreated records of a notification; other events (removals, test events) give none. */
export function objectsCreated(body: string): ObjectCreated[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('SQS message body is not JSON: not an S3 event notification');
  }
  if ((json as { Event?: unknown } | null)?.Event === 's3:TestEvent') return [];
  const parsed = notificationSchema.parse(json);
  return parsed.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeS3Key(r.s3.object.key),
    etag: r.s3.object.eTag,
    versionId: r.s3.object.versionId ?? undefined,
    sequencer: String(r.s3.object.sequencer ?? '0'),
    eventTime: r.eventTime,
    size: r.s3.object.size,
  }));
}
