/**
 * Submitted text (folder, sheet and header names, units, codes) is never
 * looked up in a plain object: `__proto__`, `constructor` and `toString`
 * would find Object.prototype's members there. Tables of names are Maps; this
 * test reads the source to keep it so, and sends the hostile names through
 * every lookup a submission reaches.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, datasetForName, isDatasetName } from '../../shared/domain/datasets';
import { INCUBATOR_LEVELS, PROJECT_STATUSES, SECTOR_ENUM } from '../../shared/domain/enumerations';
import { moneyUnitMultiplier } from '../../shared/domain/money';
import { isSubmissionState } from '../../shared/domain/submission-status';
import { columnNamed, mapHeaders } from '../../shared/ingest/parsing/header-mapping';
import { routeSubmission } from '../../shared/ingest/routing';

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype', 'isPrototypeOf'];
const SHARED = join(import.meta.dirname, '../../shared');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('no submitted name is looked up in a plain object', () => {
  it('declares no table keyed by arbitrary strings as an object literal anywhere in shared/', () => {
    // `Record<string, …> = { … }` and index-signature literals with content are the tables a name could
    // be looked up in; an empty `= {}` is an accumulator of our own keys (years, column names).
    const table = /(?:Record<string,[^>]*>|\{\s*\[\w+:\s*string\]:[^}]*\})\s*=\s*\{(?!\s*\})/;
    const offenders = sources(SHARED).flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .flatMap((line, i) => (table.test(line) ? [`${relative(SHARED, path)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it.each(HOSTILE)('%s names no dataset, money unit, code, column or route', (name) => {
    expect(datasetForName(name)).toBeUndefined();
    expect(isDatasetName(name)).toBe(false);
    expect(isSubmissionState(name)).toBe(false);
    expect(moneyUnitMultiplier(name)).toBeUndefined();
    for (const e of [SECTOR_ENUM, INCUBATOR_LEVELS, PROJECT_STATUSES]) {
      expect(e.parse(name)).toBeUndefined();
      expect(e.label(name)).toBeUndefined();
    }
    for (const spec of Object.values(DATASETS)) {
      expect(columnNamed(spec, name)).toBeUndefined();
      expect(mapHeaders(spec, [name, `营业收入（${name}）`]).columns.map((c) => c.column.name)).toEqual([]);
    }
    expect(routeSubmission(`submissions/${name}/x.csv`)).toMatchObject({ kind: 'reject' });
    expect(routeSubmission(`submissions/${name}/x.xlsx`)).toEqual({ kind: 'workbook', format: 'xlsx' });
  });
});
