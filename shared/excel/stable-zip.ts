/**
 * Re-packs a zip (an .xlsx) with every entry dated at a fixed instant, so
 * generated files that are committed (samples, templates) are byte-stable.
 */
import JSZip from 'jszip';

const FIXED = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));

export async function stableZip(bytes: Uint8Array): Promise<Buffer> {
  const source = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name]!;
    if (entry.dir) continue;
    out.file(name, await entry.async('uint8array'), { date: FIXED, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
