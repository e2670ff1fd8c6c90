/**
 * Configuration, with every default written once. The Lambdas (and the local
 * runner) read it from the environment; the CDK app reads the same settings
 * from context (`-c torchline:key=value`) and passes them on as that
 * environment (configToEnv).
 */
import { z } from 'zod';

/**
 * V8's heap for a Lambda of this memory: three quarters of it, so it collects
 * before the function runs out rather than growing into headroom it never
 * needed. The benchmark runs the report with the same cap.
 */
export function lambdaHeapMb(memoryMb: number): number {
  return Math.floor(memoryMb * 0.75);
}

export const CONFIG_DEFAULTS = {
  district: '迎泽区',
  tableName: 'torchline',
  ingestBucket: 'torchline-ingest',
  sender: 'torchline@example.gov.cn',
  recipients: ['leadership@example.gov.cn'],
  replyTo: [] as string[],
  windowYears: 5,
  attachmentLimitBytes: 7 * 1024 * 1024,
  linkExpirySeconds: 7 * 24 * 3600,
  /** Domains whose submitters get their checked workbook by email; empty = never. */
  submitterDomains: [] as string[],
  /** Day of the month the year-to-date report goes out (1–28), or "off"; an operator setting overrides it. */
  monthlyDay: '1',
  /** Month-day the annual report for the previous year goes out ("01-15"), or "off"; an operator setting overrides it. */
  annualDate: '01-15',
  // Deployment only (infra/config.ts):
  /** When the daily check for due reports runs (Asia/Shanghai). */
  reportSchedule: 'cron(0 8 * * ? *)',
  // A province's year (500,000 enterprises) peaks near 600 MB: see the README's performance section.
  reportMemoryMb: 1024,
  ingestMemoryMb: 1024,
};

export interface TorchlineConfig {
  district: string;
  tableName: string;
  ingestBucket: string;
  sender: string;
  recipients: string[];
  replyTo: string[];
  windowYears: number;
  /** Above this size the report is linked (presigned) instead of attached. */
  attachmentLimitBytes: number;
  linkExpirySeconds: number;
  submitterDomains: string[];
  monthlyDay: string;
  annualDate: string;
}

/** "MM-DD" of a day every year has (no 29 February), or "off". */
function isAnnualDate(text: string): boolean {
  if (text === 'off') return true;
  const m = /^(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [month, day] = [Number(m[1]), Number(m[2])];
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/**
 * The report calendar's two settings, each with its rule and how it is
 * written: the same whether it comes from the environment, CDK context or
 * the operator CLI.
 */
export const CALENDAR_SETTINGS = {
  /** "1"…"28" or "off": every month has the day. */
  monthlyDay: { valid: (text: string) => /^(off|[1-9]|1\d|2[0-8])$/.test(text), form: 'a day of the month, 1 to 28, or off' },
  annualDate: { valid: isAnnualDate, form: 'a month-day like 01-15 (not 02-29), or off' },
} as const;

/** A calendar setting as given, or an error naming the setting and what it must be. */
export function calendarSetting(key: keyof typeof CALENDAR_SETTINGS, name: string, value: unknown): string {
  const { valid, form } = CALENDAR_SETTINGS[key];
  return parseSetting(name, z.string().refine(valid), String(value), form);
}

/** "a@x.cn, b@x.cn; c@x.cn" → three addresses: the one way lists are written in settings. */
export function splitList(value: unknown): string[] {
  return String(value ?? '')
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const positiveInt = z.coerce.number().int().positive();

/** A setting parsed by its schema, or an error that names it. */
export function parseSetting<T>(name: string, schema: z.ZodType<T>, raw: unknown, what: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new Error(`configuration ${name} must be ${what}, got "${String(raw)}"`);
  return result.data;
}

export const positiveInteger = (name: string, raw: unknown, fallback: number): number =>
  raw === undefined || raw === '' ? fallback : parseSetting(name, positiveInt, raw, 'a positive integer');

const ENV_NAMES: Record<keyof TorchlineConfig, string> = {
  district: 'TORCHLINE_DISTRICT',
  tableName: 'TORCHLINE_TABLE',
  ingestBucket: 'TORCHLINE_INGEST_BUCKET',
  sender: 'TORCHLINE_SENDER',
  recipients: 'TORCHLINE_RECIPIENTS',
  replyTo: 'TORCHLINE_REPLY_TO',
  windowYears: 'TORCHLINE_WINDOW_YEARS',
  attachmentLimitBytes: 'TORCHLINE_ATTACHMENT_LIMIT_BYTES',
  linkExpirySeconds: 'TORCHLINE_LINK_EXPIRY_SECONDS',
  submitterDomains: 'TORCHLINE_SUBMITTER_DOMAINS',
  monthlyDay: 'TORCHLINE_MONTHLY_DAY',
  annualDate: 'TORCHLINE_ANNUAL_DATE',
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): TorchlineConfig {
  const text = (key: 'district' | 'tableName' | 'ingestBucket' | 'sender') => env[ENV_NAMES[key]] || CONFIG_DEFAULTS[key];
  const list = (key: 'recipients' | 'replyTo' | 'submitterDomains') => (env[ENV_NAMES[key]] ? splitList(env[ENV_NAMES[key]]) : CONFIG_DEFAULTS[key]);
  const int = (key: 'windowYears' | 'attachmentLimitBytes' | 'linkExpirySeconds') => positiveInteger(ENV_NAMES[key], env[ENV_NAMES[key]], CONFIG_DEFAULTS[key]);
  return {
    district: text('district'),
    tableName: text('tableName'),
    ingestBucket: text('ingestBucket'),
    sender: text('sender'),
    recipients: list('recipients'),
    replyTo: list('replyTo'),
    windowYears: int('windowYears'),
    attachmentLimitBytes: int('attachmentLimitBytes'),
    linkExpirySeconds: int('linkExpirySeconds'),
    submitterDomains: list('submitterDomains'),
    monthlyDay: calendarSetting('monthlyDay', ENV_NAMES.monthlyDay, env[ENV_NAMES.monthlyDay] || CONFIG_DEFAULTS.monthlyDay),
    annualDate: calendarSetting('annualDate', ENV_NAMES.annualDate, env[ENV_NAMES.annualDate] || CONFIG_DEFAULTS.annualDate),
  };
}

/** The environment the CDK stack gives the Lambdas: the inverse of configFromEnv. */
export function configToEnv(config: Partial<TorchlineConfig>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config) as [keyof TorchlineConfig, TorchlineConfig[keyof TorchlineConfig] | undefined][]) {
    if (value === undefined) continue;
    env[ENV_NAMES[key]] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}
