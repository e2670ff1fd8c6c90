/**
 * Rules of the code that no import graph shows, checked in `npm test`
 * (`npm run -s lint:code`), over shared/, lambdas/, infra/ and scripts/:
 *
 * - No function longer than 60 lines: a long function is several concepts
 *   that want names. Every function, method, constructor and arrow function
 *   is measured with the TypeScript compiler.
 * - The environment is read in one place: in shared/, only the config reader
 *   (shared/config.ts) names `process.env`; and nothing writes it, except the
 *   one flag that silences the AWS SDK's Node-version notice in CLIs.
 * - No line over 160 characters (Prettier's width here) but in a data table:
 *   a line Prettier cannot break is a string; one that long is a message to
 *   split or a markup template (the XML of a workbook part, an email's HTML),
 *   and only a markup line may stay whole.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const MAX_FUNCTION_LINES = 60;
const ROOTS = ['shared', 'lambdas', 'infra', 'scripts'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return '(anonymous)';
}

export function longFunctions(root: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const found: LongFunction[] = [];
  for (const path of ROOTS.flatMap((r) => sources(join(root, r)))) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > max) found.push({ file: relative(root, path), line: start + 1, name: nameOf(node), lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const ENV_WRITE = /process\.env(?:\.(\w+)|\[[^\]]*\])\s*(?:\?\?|\|\||&&)?=(?!=)|Object\.assign\(\s*process\.env|delete\s+process\.env/;
const ALLOWED_WRITES = new Set(['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']);

/** Every place that reads the environment where it should not, or writes it at all. */
export function environmentAccess(root: string): string[] {
  const found: string[] = [];
  for (const path of ROOTS.flatMap((r) => sources(join(root, r)))) {
    const file = relative(root, path);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trimStart().startsWith('*') || line.trimStart().startsWith('//')) return;
        const write = ENV_WRITE.exec(line);
        if (write && !(write[1] && ALLOWED_WRITES.has(write[1]))) found.push(`${file}:${i + 1} writes process.env`);
        else if (file.startsWith('shared/') && file !== 'shared/config.ts' && line.includes('process.env'))
          found.push(`${file}:${i + 1} reads process.env outside the config reader`);
      });
  }
  return found;
}

export const MAX_LINE = 160;
/** Data tables: a row of sample figures, a character class of invisible code points. */
const DATA_TABLES = new Set(['scripts/samples/late-form.ts', 'shared/domain/display-text.ts']);
/** A line of markup: an XML or HTML template, as the part it writes reads (one element per line would hide its structure). */
const MARKUP = /<[a-zA-Z?!/][^>]*>/;

/** Every line over the width that is neither markup nor in a data table (tests/ too: they are read as much). */
export function longLines(root: string, max = MAX_LINE): string[] {
  const found: string[] = [];
  for (const path of [...ROOTS, 'tests'].flatMap((r) => sources(join(root, r)))) {
    const file = relative(root, path);
    if (DATA_TABLES.has(file)) continue;
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.length > max && !MARKUP.test(line)) found.push(`${file}:${i + 1} is ${line.length} characters (at most ${max})`);
      });
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const long = longFunctions(process.cwd());
  for (const f of long) console.error(`${f.file}:${f.line} ${f.name} is ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`);
  const env = environmentAccess(process.cwd());
  for (const e of env) console.error(e);
  const lines = longLines(process.cwd());
  for (const l of lines) console.error(l);
  const counts = [`${long.length} functions over ${MAX_FUNCTION_LINES} lines`, `${env.length} environment accesses out of place`];
  console.log(`code rules: ${[...counts, `${lines.length} lines over ${MAX_LINE} characters`].join(', ')}`);
  process.exitCode = long.length + env.length + lines.length === 0 ? 0 : 1;
}
