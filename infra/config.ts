/** Deployment configuration from CDK context (`-c torchline:key=value`); defaults in shared/config.ts. */
import type { Node } from 'constructs';
import { CONFIG_DEFAULTS, isAnnualDate, MONTHLY_DAY, positiveInteger, splitList } from '../shared/config';

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
  const monthlyDay = String(get('monthlyDay') ?? CONFIG_DEFAULTS.monthlyDay);
  if (!MONTHLY_DAY.test(monthlyDay)) throw new Error(`context torchline:monthlyDay must be a day of the month, 1 to 28, or off, got "${monthlyDay}"`);
  const annualDate = String(get('annualDate') ?? CONFIG_DEFAULTS.annualDate);
  if (!isAnnualDate(annualDate)) throw new Error(`context torchline:annualDate must be a month-day like 01-15 (not 02-29), or off, got "${annualDate}"`);
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
    monthlyDay,
    annualDate,
    reportMemoryMb: int('reportMemoryMb'),
    ingestMemoryMb: int('ingestMemoryMb'),
  };
}
