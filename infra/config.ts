/** Deployment configuration from CDK context (`-c torchline:key=value`); defaults in shared/config.ts. */
import type { Node } from 'constructs';
import { calendarSetting, CONFIG_DEFAULTS, positiveInteger, splitList } from '../shared/config';

export interface DeployConfig {
  district: string;
  sender: string;
  recipients: string[];
  replyTo: string[];
  submitterDomains: string[];
  alarmEmail?: string;
  /** An IAM group for the bureau's uploaders, created with the uploader policy; none when unset. */
  uploaderGroup?: string;
  windowYears: number;
  attachmentLimitBytes: number;
  /** The daily check for due reports (Asia/Shanghai). */
  reportSchedule: string;
  /** Defaults of the report calendar; an operator setting overrides them at run time. */
  monthlyDay: string;
  annualDate: string;
  reportMemoryMb: number;
  ingestMemoryMb: number;
}

export function deployConfig(node: Node): DeployConfig {
  const get = (key: string): unknown => node.tryGetContext(`torchline:${key}`);
  const int = (key: 'windowYears' | 'attachmentLimitBytes' | 'reportMemoryMb' | 'ingestMemoryMb') =>
    positiveInteger(`torchline:${key}`, get(key), CONFIG_DEFAULTS[key]);
  const list = (key: 'recipients' | 'replyTo' | 'submitterDomains') => (get(key) === undefined ? CONFIG_DEFAULTS[key] : splitList(get(key)));
  const recipients = list('recipients');
  if (recipients.length === 0) throw new Error('context torchline:recipients needs at least one address');
  for (const old of ['monthlySchedule', 'annualSchedule']) {
    if (get(old) !== undefined) {
      throw new Error(`context torchline:${old} is no longer used: set the day with torchline:monthlyDay (1–28 or off) and torchline:annualDate (MM-DD or off), the hour with torchline:reportSchedule, or change them at run time with npm run torchline -- schedule`);
    }
  }
  const reportSchedule = String(get('reportSchedule') ?? CONFIG_DEFAULTS.reportSchedule);
  if (!/^cron\(\S+ \S+ \* \* \? \*\)$/.test(reportSchedule)) {
    throw new Error(`context torchline:reportSchedule must be a daily cron like cron(0 8 * * ? *), got "${reportSchedule}"`);
  }
  const calendar = (key: 'monthlyDay' | 'annualDate') => calendarSetting(key, `torchline:${key}`, get(key) ?? CONFIG_DEFAULTS[key]);
  return {
    district: String(get('district') ?? CONFIG_DEFAULTS.district),
    sender: String(get('sender') ?? CONFIG_DEFAULTS.sender),
    recipients,
    replyTo: list('replyTo'),
    submitterDomains: list('submitterDomains'),
    alarmEmail: String(get('alarmEmail') ?? '') || undefined,
    uploaderGroup: String(get('uploaderGroup') ?? '') || undefined,
    windowYears: int('windowYears'),
    attachmentLimitBytes: int('attachmentLimitBytes'),
    reportSchedule,
    monthlyDay: calendar('monthlyDay'),
    annualDate: calendar('annualDate'),
    reportMemoryMb: int('reportMemoryMb'),
    ingestMemoryMb: int('ingestMemoryMb'),
  };
}
