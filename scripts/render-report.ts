/**
 * npm run render [-- out/report-2021.xlsx]: renders the report with
 * LibreOffice headless to PDF, then to PNG pages (pdftoppm), under
 * out/render/, to look at what leadership will see. Needs Debian's
 * libreoffice-calc, fonts-wqy-zenhei and poppler-utils (not needed by tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const input = process.argv[2] ?? 'out/report-2021.xlsx';
const outDir = join('out', 'render');
mkdirSync(outDir, { recursive: true });

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) {
    throw new Error(`${command} not found: apt-get install -y libreoffice-calc fonts-wqy-zenhei poppler-utils`);
  }
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}`);
}

const profile = join(process.cwd(), outDir, '.lo-profile');
run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, input]);
const pdf = join(outDir, basename(input).replace(/\.xlsx$/, '.pdf'));
run('pdftoppm', ['-png', '-r', '70', pdf, join(outDir, basename(input, '.xlsx'))]);
console.log(`Rendered ${pdf} and ${readdirSync(outDir).filter((f) => f.endsWith('.png')).length} PNG pages in ${outDir}`);
