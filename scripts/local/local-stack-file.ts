/**
 * While `npm start -- --keep` runs, out/local-stack.json says where its
 * servers are, so `npm run torchline -- --local …` can reach them; it is
 * removed when they stop.
 */
import { rm, writeFile } from 'node:fs/promises';

export interface LocalStackFile {
  /** The handlers' environment: endpoints, table, bucket, and the settings the run was given. */
  env: Record<string, string>;
  /** The Beijing day the run played (its --now): uploads without a date folder are dated by it, as the run dated them (contract 12.4). */
  day?: string;
  /** The process serving them: gone means the file is stale. */
  pid: number;
}

export async function writeLocalStackFile(path: string, env: Record<string, string>, day?: string): Promise<void> {
  const content: LocalStackFile = { env, pid: process.pid, ...(day ? { day } : {}) };
  await writeFile(path, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
}

export async function removeLocalStackFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
