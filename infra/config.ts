/** Deployment configuration from CDK context (cdk.json defaults, `-c key=value` overrides). */
import type { Node } from 'constructs';

export interface DeployConfig {
  district: string;
  sender: string;
  recipients: string[];
  replyTo: string[];
  alarmEmail?: string;
  windowYears: number;
  attachmentLimitBytes: number;
  monthlySchedule: string;
  annualSchedule: string;
  reportMemoryMb: number;
  ingestMemoryMb: number;
}

const list = (v: unknown): string[] =>
  String(v ?? '')
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function deployConfig(node: Node): DeployConfig {
  const get = (key: string): unknown => node.tryGetContext(`torchline:${key}`);
  const num = (key: string, fallback: number): number => {
    const raw = get(key);
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`context torchline:${key} must be a positive integer, got ${String(raw)}`);
    return n;
  };
  const sender = String(get('sender') ?? 'torchline@example.gov.cn');
  const recipients = list(get('recipients'));
  if (recipients.length === 0) throw new Error('context torchline:recipients needs at least one address');
  const cron = (key: string, fallback: string): string => {
    const value = String(get(key) ?? fallback);
    if (!/^(cron|rate|at)\(.+\)$/.test(value)) throw new Error(`context torchline:${key} must be a schedule expression like cron(0 8 1 * ? *), got "${value}"`);
    return value;
  };
  return {
    district: String(get('district') ?? '迎泽区'),
    sender,
    recipients,
    replyTo: list(get('replyTo')),
    alarmEmail: String(get('alarmEmail') ?? '') || undefined,
    windowYears: num('windowYears', 5),
    attachmentLimitBytes: num('attachmentLimitBytes', 7 * 1024 * 1024),
    monthlySchedule: cron('monthlySchedule', 'cron(0 8 1 * ? *)'),
    annualSchedule: cron('annualSchedule', 'cron(0 9 15 1 ? *)'),
    reportMemoryMb: num('reportMemoryMb', 512),
    ingestMemoryMb: num('ingestMemoryMb', 1024),
  };
}
