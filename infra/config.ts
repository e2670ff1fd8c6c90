/** Deployment configuration from CDK context (`-c torchline:key=value`); defaults in shared/config.ts. */
import type { Node } from 'constructs';
import { CONFIG_DEFAULTS, positiveInteger, splitList } from '../shared/config';

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
  monthlySchedule: string;
  annualSchedule: string;
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
  const cron = (key: 'monthlySchedule' | 'annualSchedule'): string => {
    const value = String(get(key) ?? CONFIG_DEFAULTS[key]);
    if (!/^(cron|rate|at)\(.+\)$/.test(value)) throw new Error(`context torchline:${key} must be a schedule expression like cron(0 8 1 * ? *), got "${value}"`);
    return value;
  };
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
    monthlySchedule: cron('monthlySchedule'),
    annualSchedule: cron('annualSchedule'),
    reportMemoryMb: int('reportMemoryMb'),
    ingestMemoryMb: int('ingestMemoryMb'),
  };
}
