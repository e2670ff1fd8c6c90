/**
 * Runtime configuration of the Lambdas (and of the local runner), read from
 * the environment the CDK stack sets from its context (cdk.json, `-c`).
 */
export interface TorchlineConfig {
  district: string;
  tableName: string;
  ingestBucket: string;
  sender: string;
  recipients: string[];
  replyTo: string[];
  windowYears: number;
  /** Above this size the report is linked (presigned, 7 days) instead of attached. */
  attachmentLimitBytes: number;
  linkExpirySeconds: number;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`configuration ${name} must be a positive integer, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): TorchlineConfig {
  return {
    district: env.TORCHLINE_DISTRICT || '迎泽区',
    tableName: env.TORCHLINE_TABLE || 'torchline',
    ingestBucket: env.TORCHLINE_INGEST_BUCKET || 'torchline-ingest',
    sender: env.TORCHLINE_SENDER || 'torchline@example.gov.cn',
    recipients: list(env.TORCHLINE_RECIPIENTS || 'leadership@example.gov.cn'),
    replyTo: list(env.TORCHLINE_REPLY_TO),
    windowYears: positiveInt('TORCHLINE_WINDOW_YEARS', env.TORCHLINE_WINDOW_YEARS, 5),
    attachmentLimitBytes: positiveInt('TORCHLINE_ATTACHMENT_LIMIT_BYTES', env.TORCHLINE_ATTACHMENT_LIMIT_BYTES, 7 * 1024 * 1024),
    linkExpirySeconds: positiveInt('TORCHLINE_LINK_EXPIRY_SECONDS', env.TORCHLINE_LINK_EXPIRY_SECONDS, 7 * 24 * 3600),
  };
}

/** The environment the CDK stack gives the Lambdas: the inverse of configFromEnv. */
export function configToEnv(config: Partial<TorchlineConfig>): Record<string, string> {
  const env: Record<string, string> = {};
  if (config.district !== undefined) env.TORCHLINE_DISTRICT = config.district;
  if (config.tableName !== undefined) env.TORCHLINE_TABLE = config.tableName;
  if (config.ingestBucket !== undefined) env.TORCHLINE_INGEST_BUCKET = config.ingestBucket;
  if (config.sender !== undefined) env.TORCHLINE_SENDER = config.sender;
  if (config.recipients !== undefined) env.TORCHLINE_RECIPIENTS = config.recipients.join(',');
  if (config.replyTo !== undefined) env.TORCHLINE_REPLY_TO = config.replyTo.join(',');
  if (config.windowYears !== undefined) env.TORCHLINE_WINDOW_YEARS = String(config.windowYears);
  if (config.attachmentLimitBytes !== undefined) env.TORCHLINE_ATTACHMENT_LIMIT_BYTES = String(config.attachmentLimitBytes);
  if (config.linkExpirySeconds !== undefined) env.TORCHLINE_LINK_EXPIRY_SECONDS = String(config.linkExpirySeconds);
  return env;
}
