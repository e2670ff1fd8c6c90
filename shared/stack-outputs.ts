/**
 * The stack outputs the operator CLI and the README name: one table, read by
 * the stack that writes them and the CLI that reads them (without loading the CDK).
 */
export const STACK_OUTPUTS = {
  bucket: 'IngestBucket',
  table: 'TableName',
  ingestFunction: 'IngestFunctionName',
  reportFunction: 'ReportFunctionName',
  mailboxFunction: 'MailboxFunctionName',
  ingestLogs: 'IngestLogGroup',
  reportLogs: 'ReportLogGroup',
  queue: 'IngestQueue',
  deadLetterQueue: 'DeadLetterQueue',
  reportDeadLetterQueue: 'ReportDeadLetterQueue',
  alarmTopic: 'AlarmTopicArn',
  uploaderPolicy: 'UploaderPolicyArn',
  operatorPolicy: 'OperatorPolicyArn',
  submitterPolicy: 'SubmitterPolicyArn',
  uploaderGroup: 'UploaderGroupName',
  sender: 'SenderAddress',
  recipients: 'DeployedRecipients',
  monthlyDay: 'DeployedMonthlyDay',
  annualDate: 'DeployedAnnualDate',
} as const;
