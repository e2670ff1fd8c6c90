/**
 * Random access to the parts of a zip package (an .xlsx) held in memory.
 * Parts are read in the order the reader needs them, not the order they were
 * zipped, so nothing is spooled to disk, and every part's inflated size is
 * checked against what its directory entry declares (yauzl's
 * validateEntrySizes), so a zip bomb cannot inflate past the stated total.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { bilingual } from '../../domain/bilingual';
import { displayText } from '../../domain/display-text';
import { UnreadableFileError } from '../ingest-errors';
import { cannotOpen } from './workbook-messages';

export interface ZipArchive {
  has(name: string): boolean;
  names(): string[];
  /** The part's inflated bytes as a stream; undefined when the package has no such part. */
  open(name: string): Promise<Readable | undefined>;
  close(): void;
}

function duplicatePart(name: string): UnreadableFileError {
  const shown = `"${displayText(name, 120)}"`;
  return new UnreadableFileError(
    bilingual(
      `工作簿已损坏：压缩包中有两个同名部件 ${shown}，不同软件会显示不同的内容；请在 Excel 或 WPS 中另存后重新上传`,
      `the workbook is damaged: its package holds two parts named ${shown}, which different programs would show ` +
        `differently; save it again in Excel or WPS and upload it again`,
    ),
  );
}

export async function openZip(bytes: Buffer, maxUncompressedBytes: number): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
      err || !z ? reject(cannotOpen(err?.message ?? 'not a zip')) : resolve(z),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      // Part names are compared case-insensitively, as Office does.
      const name = entry.fileName.replace(/^\/+/, '').toLowerCase();
      if (entries.has(name)) {
        // Excel reads the first of two same-named parts, other programs the last: the file would show
        // different figures to different readers, so it is refused as the damaged package it is.
        zip.close();
        reject(duplicatePart(entry.fileName));
        return;
      }
      entries.set(name, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: Error) => reject(cannotOpen(err.message)));
    zip.readEntry();
  });
  if (total > maxUncompressedBytes) {
    zip.close();
    throw new UnreadableFileError(
      bilingual(
        `工作簿解压后为 ${Math.round(total / 1048576)} MB，超过上限 ${Math.round(maxUncompressedBytes / 1048576)} MB，请拆分后上传`,
        `the workbook inflates to ${Math.round(total / 1048576)} MB, more than the ` +
          `${Math.round(maxUncompressedBytes / 1048576)} MB allowed; split it into smaller files`,
      ),
    );
  }
  return {
    has: (name) => entries.has(name.toLowerCase()),
    names: () => [...entries.keys()],
    open: (name) => {
      const entry = entries.get(name.replace(/^\/+/, '').toLowerCase());
      if (!entry) return Promise.resolve(undefined);
      return new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(cannotOpen(err?.message ?? name)) : resolve(stream))),
      );
    },
    close: () => zip.close(),
  };
}
