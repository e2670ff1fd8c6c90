import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isTransientFault, ObjectGoneError, StoreFault, unwrapFault } from '../../../shared/storage/storage-errors';
import { guardedReader, guardedStore } from '../../../shared/storage/store-boundary';
import type { IngestStore } from '../../../shared/ingest/ports';

const sdkError = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 500 } });

describe('the storage boundary', () => {
  it('turns a missing object into ObjectGoneError and any other failure to open into a StoreFault', async () => {
    const reader = (err: Error) => guardedReader({ open: () => Promise.reject(err), metadata: () => Promise.reject(err) });
    await expect(reader(sdkError('NoSuchKey')).open('k')).rejects.toBeInstanceOf(ObjectGoneError);
    await expect(reader(sdkError('NoSuchVersion')).open('k', 'v1')).rejects.toBeInstanceOf(ObjectGoneError);
    await expect(reader(sdkError('InvalidObjectState')).open('k')).rejects.toMatchObject({ why: 'refused' });
    await expect(reader(sdkError('AccessDenied')).open('k')).rejects.toMatchObject({ why: 'refused' });
    const fault = await reader(sdkError('SlowDown'))
      .open('k')
      .catch((e: unknown) => e);
    expect(isTransientFault(fault)).toBe(true);
    expect((unwrapFault(fault) as Error).name).toBe('SlowDown');
    await expect(reader(sdkError('SlowDown')).metadata('k')).rejects.toBeInstanceOf(StoreFault);
  });

  it('turns a body that breaks part-way into a StoreFault, and passes a whole body through unchanged', async () => {
    const broken = new Readable({ read() {} });
    const reader = guardedReader({ open: async () => broken, metadata: async () => ({}) });
    const body = await reader.open('k');
    broken.push(Buffer.from('统一社会信用代码,'));
    setImmediate(() => broken.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
    const read = async () => {
      for await (const _ of body) {
        // reading until it breaks
      }
    };
    await expect(read()).rejects.toBeInstanceOf(StoreFault);
    const whole = await guardedReader({ open: async () => Readable.from([Buffer.from('a,b\r\n')]), metadata: async () => ({}) }).open('k');
    const chunks: Buffer[] = [];
    for await (const c of whole) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('a,b\r\n');
  });

  it('turns every failure of a store call into a StoreFault and nothing else into one', async () => {
    const failing = new Proxy({} as IngestStore, { get: () => () => Promise.reject(sdkError('ProvisionedThroughputExceededException')) });
    const store = guardedStore(failing);
    await expect(store.hasSubmission('k', 'o')).rejects.toBeInstanceOf(StoreFault);
    await expect(store.putStatuses([])).rejects.toBeInstanceOf(StoreFault);
    expect(isTransientFault(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    expect(isTransientFault(sdkError('ThrottlingException'))).toBe(false);
  });
});
