/** npm run templates: writes the blank bilingual submission templates into templates/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FORM_DATASETS } from '../shared/domain/datasets';
import { submissionTemplate } from '../shared/templates/submission-template';

const dir = fileURLToPath(new URL('../templates/', import.meta.url));
await mkdir(dir, { recursive: true });
for (const dataset of FORM_DATASETS) {
  const file = `${dir}${dataset}-template.xlsx`;
  await writeFile(file, await submissionTemplate(dataset));
  console.log(`Wrote templates/${dataset}-template.xlsx`);
}
