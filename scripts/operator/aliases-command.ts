/**
 * `aliases [--add ALIAS=CODE] [--remove ALIAS] [--reset]`: the bureau's own
 * words for codes (`信创` for it_innovation), stored like the recipients
 * setting and read by every ingest, so a change takes effect with the next
 * upload and needs no redeploy (contract section 11).
 */
import { parseAliasDefinition } from '../../shared/domain/code-aliases';
import { UsageError } from './cli-error';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface AliasesOptions {
  add?: string;
  remove?: string;
  reset: boolean;
  by: string;
}

export async function aliasesCommand(target: OperatorTarget, options: AliasesOptions, out: Output): Promise<number> {
  const store = target.ports.settings;
  if (options.reset) {
    await store.deleteSetting('aliases');
    out.log('aliases removed: only the listed values and their codes are accepted again');
  } else if (options.add !== undefined || options.remove !== undefined) {
    const entries = (await store.getSetting('aliases'))?.entries ?? [];
    let kept = entries.filter((e) => e.alias !== options.remove);
    if (options.remove !== undefined && kept.length === entries.length) throw new UsageError(`--remove ${options.remove}: no such alias`);
    if (options.add !== undefined) {
      let entry: ReturnType<typeof parseAliasDefinition>;
      try {
        entry = parseAliasDefinition(options.add);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      kept = [...kept.filter((e) => !(e.list === entry.list && e.alias === entry.alias)), entry];
    }
    await store.putSetting('aliases', { entries: kept, updatedAt: new Date().toISOString(), updatedBy: options.by });
    out.log('aliases saved: the next upload reads them (no redeploy needed)');
  }
  const stored = await store.getSetting('aliases');
  if (!stored || stored.entries.length === 0) out.log('aliases: none');
  else for (const e of stored.entries) out.log(`${e.list}: ${e.alias} = ${e.code}`);
  return 0;
}
