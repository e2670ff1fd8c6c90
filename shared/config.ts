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

/**
 * V8's young generation for the Lambdas (and the benchmark's workers), in MB per semi-space: 4 rather than
 * Node's 16. An ingest allocates row after row of short-lived strings; with the default, V8 lets ~48 MB of
 * them wait for a scavenge. Measured at 100,000 CSV rows: peak 248 MB instead of 258–277, the same speed.
 */
export const SEMI_SPACE_MB = 4;

/** The V8 flags a Lambda of this memory runs with (and the benchmark runs its workers with). */
export function lambdaNodeFlags(memoryMb?: number): string[] {
  return [...(memoryMb ? [`--max-old-space-size=${lambdaHeapMb(memoryMb)}`] : []), `--max-semi-space-size=${SEMI_SPACE_MB}`];
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

/** How one setting is read: its environment variable, its default, and its rule (text as given → value). */
interface Setting<T> {
  env: string;
  default: T;
  read: (name: string, raw: string) => T;
}

const text = (env: string, fallback: string): Setting<string> => ({ env, default: fallback, read: (_, raw) => raw });
const list = (env: string, fallback: string[]): Setting<string[]> => ({ env, default: fallback, read: (_, raw) => splitList(raw) });
const integer = (env: string, fallback: number): Setting<number> => ({
  env,
  default: fallback,
  read: (name, raw) => parseSetting(name, positiveInt, raw, 'a positive integer'),
});
const calendar = (key: keyof typeof CALENDAR_SETTINGS, env: string, fallback: string): Setting<string> => ({
  env,
  default: fallback,
  read: (name, raw) => calendarSetting(key, name, raw),
});
const oneOf = <T extends string>(env: string, values: readonly T[], fallback: T): Setting<T> => ({
  env,
  default: fallback,
  read: (name, raw) => parseSetting(name, z.enum(values as [T, ...T[]]), raw, `one of ${values.join(', ')}`),
});
const flag = (env: string, fallback: boolean): Setting<boolean> => ({
  env,
  default: fallback,
  read: (name, raw) => parseSetting(name, z.enum(['true', 'false']), raw, 'true or false') === 'true',
});

/** How mail leaves: SES, or SMTP towards the bureau's own mail server (the AWS China regions have no SES). */
export const MAIL_TRANSPORTS = ['ses', 'smtp'] as const;
export type MailTransport = (typeof MAIL_TRANSPORTS)[number];

/**
 * Every run-time setting, once: its environment variable (what the stack gives the Lambdas), its
 * default and its rule. The type, the defaults, the environment names and CDK's context keys
 * (`torchline:<key>`) all come from this table.
 */
export const SETTINGS = {
  district: text('TORCHLINE_DISTRICT', '迎泽区'),
  tableName: text('TORCHLINE_TABLE', 'torchline'),
  ingestBucket: text('TORCHLINE_INGEST_BUCKET', 'torchline-ingest'),
  sender: text('TORCHLINE_SENDER', 'torchline@example.gov.cn'),
  recipients: list('TORCHLINE_RECIPIENTS', ['leadership@example.gov.cn']),
  replyTo: list('TORCHLINE_REPLY_TO', []),
  windowYears: integer('TORCHLINE_WINDOW_YEARS', 5),
  /** Above this size the report is linked (presigned) instead of attached. */
  attachmentLimitBytes: integer('TORCHLINE_ATTACHMENT_LIMIT_BYTES', 7 * 1024 * 1024),
  linkExpirySeconds: integer('TORCHLINE_LINK_EXPIRY_SECONDS', 7 * 24 * 3600),
  /** Domains whose submitters get their checked workbook by email; empty = never. */
  submitterDomains: list('TORCHLINE_SUBMITTER_DOMAINS', []),
  /** Day of the month the year-to-date report goes out (1–28), or "off"; an operator setting overrides it. */
  monthlyDay: calendar('monthlyDay', 'TORCHLINE_MONTHLY_DAY', '1'),
  /** Month-day the annual report for the previous year goes out ("01-15"), or "off"; an operator setting overrides it. */
  annualDate: calendar('annualDate', 'TORCHLINE_ANNUAL_DATE', '01-15'),
  mailTransport: oneOf<MailTransport>('TORCHLINE_MAIL_TRANSPORT', MAIL_TRANSPORTS, 'ses'),
  /** The bureau's SMTP server (mailTransport = smtp): host, port, implicit TLS (465) or STARTTLS (587). */
  smtpHost: text('TORCHLINE_SMTP_HOST', ''),
  smtpPort: integer('TORCHLINE_SMTP_PORT', 465),
  smtpSecure: flag('TORCHLINE_SMTP_SECURE', true),
  /** A Secrets Manager secret holding {"username","password"}: the password is never in settings, environment or code. */
  smtpSecretArn: text('TORCHLINE_SMTP_SECRET_ARN', ''),
  /** A local test sink's certificate (PEM), trusted beside the system's CAs; never set in a deployed stack. */
  smtpCaPem: text('TORCHLINE_SMTP_CA_PEM', ''),
  /** The bureau's mailbox (contract 13): its IMAP server over TLS; empty, no mailbox is read. */
  mailboxHost: text('TORCHLINE_MAILBOX_HOST', ''),
  mailboxPort: integer('TORCHLINE_MAILBOX_PORT', 993),
  /** A Secrets Manager secret holding the mailbox's login, {"username","password"} (an app password), as the SMTP one. */
  mailboxSecretArn: text('TORCHLINE_MAILBOX_SECRET_ARN', ''),
  /** The folder read, and the one a handled message is moved to. */
  mailboxFolder: text('TORCHLINE_MAILBOX_FOLDER', 'INBOX'),
  mailboxDoneFolder: text('TORCHLINE_MAILBOX_DONE_FOLDER', 'Torchline/已处理'),
  /** How often the mailbox is read, in minutes. */
  mailboxPollMinutes: integer('TORCHLINE_MAILBOX_POLL_MINUTES', 10),
  /** Read a message as a unit's only when the bureau's server authenticated its sender (DMARC or SPF pass). */
  mailboxRequireAuth: flag('TORCHLINE_MAILBOX_REQUIRE_AUTH', false),
  /** A local test server's certificate (PEM), trusted beside the system's CAs; never set in a deployed stack. */
  mailboxCaPem: text('TORCHLINE_MAILBOX_CA_PEM', ''),
  /** Local runs only: the example addresses may receive mail (the local stack's servers). A deployed stack refuses them. */
  allowExampleAddresses: flag('TORCHLINE_ALLOW_EXAMPLE_ADDRESSES', false),
};

export type SettingName = keyof typeof SETTINGS;
export type TorchlineConfig = { [K in SettingName]: (typeof SETTINGS)[K]['default'] };

/** What the local stack decides for itself (its table, its bucket, that its servers may get example mail): a shell's value is not taken. */
const LOCAL_STACK_SETTINGS: readonly SettingName[] = ['tableName', 'ingestBucket', 'allowExampleAddresses'];

/**
 * The documented settings a shell sets (`TORCHLINE_DISTRICT=小店区 npm run pipeline …`), as environment for
 * the local runs' handlers: the same table the Lambdas read, less what the local stack decides itself.
 */
export function shellSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [SettingName, (typeof SETTINGS)[SettingName]][]) {
    const value = env[setting.env];
    if (value !== undefined && value !== '' && !LOCAL_STACK_SETTINGS.includes(key)) out[setting.env] = value;
  }
  return out;
}

/** Deployment-only settings (infra/config.ts), with their defaults. */
export const DEPLOY_DEFAULTS = {
  /** When the daily check for due reports runs (Asia/Shanghai). */
  reportSchedule: 'cron(0 8 * * ? *)',
  // A province's year (500,000 enterprises) peaks near 600 MB: see the README's performance section.
  reportMemoryMb: 1024,
  ingestMemoryMb: 1024,
};

export const CONFIG_DEFAULTS = {
  ...(Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, s.default])) as TorchlineConfig),
  ...DEPLOY_DEFAULTS,
};

/**
 * The configuration from any source of raw values: `raw(key)` is the value as written (undefined,
 * or empty where `blankIsDefault`, for the default), `nameOf(key)` what an error calls the setting.
 */
export function readConfig(raw: (key: SettingName) => unknown, nameOf: (key: SettingName) => string, blankIsDefault = true): TorchlineConfig {
  const config: Partial<Record<SettingName, unknown>> = {};
  for (const key of Object.keys(SETTINGS) as SettingName[]) {
    const value = raw(key);
    const setting = SETTINGS[key] as Setting<unknown>;
    const unset = value === undefined || value === null || (blankIsDefault && value === '');
    config[key] = unset ? setting.default : setting.read(nameOf(key), Array.isArray(value) ? value.join(',') : String(value));
  }
  return config as TorchlineConfig;
}

/** The Lambdas' configuration: the only reader of the environment in shared/. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): TorchlineConfig {
  return readConfig(
    (key) => env[SETTINGS[key].env],
    (key) => SETTINGS[key].env,
  );
}

/** A configuration from values given by name (the operator CLI, from a stack's outputs), defaults for the rest. */
export function configFrom(values: Partial<Record<SettingName, unknown>>): TorchlineConfig {
  return readConfig(
    (key) => values[key],
    (key) => key,
  );
}

/** The environment the CDK stack gives the Lambdas: the inverse of configFromEnv. */
export function configToEnv(config: Partial<TorchlineConfig>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config) as [SettingName, unknown][]) {
    if (value === undefined) continue;
    env[SETTINGS[key].env] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}

/** Where the AWS clients go: the region, and the local emulators' endpoints when running without AWS. */
export interface AwsClientSettings {
  region: string;
  endpoints: { s3?: string; dynamodb?: string; ses?: string; secrets?: string };
}

/** The clients' settings from the environment: the Lambda runtime's region, TORCHLINE_*_ENDPOINT locally. */
export function clientSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsClientSettings {
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'cn-north-1',
    endpoints: {
      s3: env.TORCHLINE_S3_ENDPOINT || undefined,
      dynamodb: env.TORCHLINE_DYNAMODB_ENDPOINT || undefined,
      ses: env.TORCHLINE_SES_ENDPOINT || undefined,
      secrets: env.TORCHLINE_SECRETS_ENDPOINT || undefined,
    },
  };
}
