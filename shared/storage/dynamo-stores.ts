/** The table's adapters, one per port, over one client and table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTable, type RepositoryOptions } from './dynamo-table';
import { MailQuotaStore } from './mail-quota-store';
import { MailboxLogStore } from './mailbox-log-store';
import { ApprovalStore } from './approval-store';
import { RosterContactStore } from './roster-contact-store';
import { SendLedgerStore } from './send-ledger-store';
import { DynamoSettingsStore } from './settings-store';
import { SnapshotStore } from './snapshot-store';
import { SubmissionStore } from './submission-store';
import { VersionStore } from './version-store';

export interface DynamoStores {
  versions: VersionStore;
  submissions: SubmissionStore;
  snapshots: SnapshotStore;
  sendLedger: SendLedgerStore;
  settings: DynamoSettingsStore;
  mailQuota: MailQuotaStore;
  rosterContacts: RosterContactStore;
  mailboxLog: MailboxLogStore;
  approvals: ApprovalStore;
}

export function dynamoStores(client: DynamoDBDocumentClient, tableName: string, options: RepositoryOptions = {}): DynamoStores {
  const table = new DynamoTable(client, tableName, options);
  const submissions = new SubmissionStore(table);
  return {
    versions: new VersionStore(table),
    submissions,
    snapshots: new SnapshotStore(table),
    sendLedger: new SendLedgerStore(table),
    settings: new DynamoSettingsStore(table),
    mailQuota: new MailQuotaStore(table),
    rosterContacts: new RosterContactStore(table, submissions),
    mailboxLog: new MailboxLogStore(table),
    approvals: new ApprovalStore(table),
  };
}
