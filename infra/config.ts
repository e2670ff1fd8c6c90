/** Deployment configuration from CDK context (`-c torchline:key=value`); defaults in shared/config.ts. */
import type { Node } from 'constructs';
import { DEPLOY_DEFAULTS, positiveInteger, readConfig, type TorchlineConfig } from '../shared/config';

/** The run-time settings a deployment chooses (the stack names its own table and bucket). */

/** The run-time settings a deployment chooses, by name. */
const DEPLOYED_SETTINGS = [
  'district',
  'sender',
  'recipients',
  'replyTo',
  'submitterDomains',
  'windowYears',
  'attachmentLimitBytes',
  'monthlyDay',
  'annualDate',
  'mailTransport',
  'smtpHost',
  'smtpPort',
  'smtpSecure',
  'smtpSecretArn',
  'mailboxHost',
  'mailboxPort',
  'mailboxSecretArn',
  'mailboxFolder',
  'mailboxDoneFolder',
  'mailboxPollMinutes',
  'mailboxRequireAuth',
] as const;
type DeployedSettings = Pick<TorchlineConfig, (typeof DEPLOYED_SETTINGS)[number]>;

export interface DeployConfig extends DeployedSettings {
  alarmEmail?: string;
  /** An IAM group for the bureau's uploaders, created with the uploader policy; none when unset. */
  uploaderGroup?: string;
  /** The daily check for due reports (Asia/Shanghai). */
  reportSchedule: string;
  reportMemoryMb: number;
  ingestMemoryMb: number;
}

function pickSettings(settings: TorchlineConfig): DeployedSettings {
  return Object.fromEntries(DEPLOYED_SETTINGS.map((k) => [k, settings[k]])) as DeployedSettings;
}

export function deployConfig(node: Node): DeployConfig {
  const get = (key: string): unknown => node.tryGetContext(`torchline:${key}`);
  // The run-time settings by the same table, rules and defaults as the Lambdas' environment; a context
  // value given empty is a value (no recipients is an error), not the default.
  const settings = readConfig(get, (key) => `torchline:${key}`, false);
  if (settings.recipients.length === 0) throw new Error('context torchline:recipients needs at least one address');
  for (const old of ['monthlySchedule', 'annualSchedule']) {
    if (get(old) !== undefined) {
      throw new Error(
        `context torchline:${old} is no longer used: set the day with torchline:monthlyDay (1–28 or off) and ` +
          `torchline:annualDate (MM-DD or off), the hour with torchline:reportSchedule, or change them at run time with ` +
          `npm run torchline -- schedule`,
      );
    }
  }
  const reportSchedule = String(get('reportSchedule') ?? DEPLOY_DEFAULTS.reportSchedule);
  if (!/^cron\(\S+ \S+ \* \* \? \*\)$/.test(reportSchedule)) {
    throw new Error(`context torchline:reportSchedule must be a daily cron like cron(0 8 * * ? *), got "${reportSchedule}"`);
  }
  const memory = (key: 'reportMemoryMb' | 'ingestMemoryMb') => positiveInteger(`torchline:${key}`, get(key), DEPLOY_DEFAULTS[key]);
  return {
    ...pickSettings(settings),
    alarmEmail: String(get('alarmEmail') ?? '') || undefined,
    uploaderGroup: String(get('uploaderGroup') ?? '') || undefined,
    reportSchedule,
    reportMemoryMb: memory('reportMemoryMb'),
    ingestMemoryMb: memory('ingestMemoryMb'),
  };
}
