/**
 * The local pipeline's campaign outputs (data contract 12.4): the daily
 * check run as of `--now` after ingesting, writing campaign.json,
 * campaign-status.xlsx and reminders/<n>.eml (each reminder exactly as
 * handed to the mail service).
 */
import { asPrincipal } from '../../shared/storage/aws-calls';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { campaignWorkbook } from '../../shared/report/campaign-workbook';
import { campaignJson, type CampaignDocument } from '../../shared/report/campaign';
import type { Torchline } from '../../shared/torchline';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD that is a real calendar day, or undefined. */
export function calendarDay(text: string): string | undefined {
  if (!DAY.test(text)) return undefined;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text ? text : undefined;
}

/** A local upload's date: the last of its folders that is a date, else the run's --now day (contract 12.4). */
export function localUploadDay(key: string, now: string): string {
  const folders = key.split('/').slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) {
    const day = calendarDay(folders[i]!);
    if (day) return day;
  }
  return now;
}

/** The local upload clock: each upload at 09:00 Beijing time on its day (ISO). */
export function localUploadedAt(now: string): (s: { key: string }) => string {
  return (s) => new Date(`${localUploadDay(s.key, now)}T09:00:00+08:00`).toISOString();
}

export interface CampaignFiles {
  campaign: string;
  status: string;
  reminders: string[];
  /** The status workbook's email to the officer, when one was sent. */
  officerMail?: string;
  document: CampaignDocument;
}

/** Runs the day's check as of `now` (a Beijing day) and writes its outputs under outDir. */
export async function writeCampaignOutputs(outDir: string, root: Torchline, now: string): Promise<CampaignFiles> {
  // Mid-morning in Beijing: the day's check runs once the officer's day has begun.
  const at = new Date(`${now}T09:00:00+08:00`);
  // As the daily check runs it in AWS: in the report Lambda, as its role.
  const { campaign, sent, statusMail } = await asPrincipal({ kind: 'report' }, () => root.campaign(at, { uploadedAt: localUploadedAt(now) }));
  const files = { campaign: join(outDir, 'campaign.json'), status: join(outDir, 'campaign-status.xlsx') };
  await writeFile(files.campaign, JSON.stringify(campaignJson(campaign), null, 2) + '\n');
  await writeFile(files.status, await campaignWorkbook(campaign, root.config.district));
  const reminders: string[] = [];
  if (sent.length > 0) await mkdir(join(outDir, 'reminders'), { recursive: true });
  for (const [i, raw] of sent.entries()) {
    const path = join(outDir, 'reminders', `${i + 1}.eml`);
    await writeFile(path, raw);
    reminders.push(path);
  }
  // The officer's copy, when the campaign changed since the last one sent (12.3).
  const officerMail = statusMail ? join(outDir, 'campaign-status.eml') : undefined;
  if (officerMail) await writeFile(officerMail, statusMail!);
  return { ...files, reminders, officerMail, document: campaign };
}
