/**
 * `aliases [--add ALIAS=CODE] [--remove ALIAS] [--reset]`: the bureau's own
 * words for codes (`信创` for it_innovation), stored like the recipients
 * setting and read by every ingest, so a change takes effect with the next
 * upload and needs no redeploy (contract section 11).
 */
import { bilingual } from '../../shared/domain/bilingual';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface AliasesOptions {
  add?: string;
  remove?: string;
  reset: boolean;
  by: string;
}

export async function aliasesCommand(target: OperatorTarget, options: AliasesOptions, out: Output): Promise<number> {
  const done = await target.torchline.operator.aliases(options);
  if (done.outcome === 'refused') {
    out.error(done.reason);
    return 1;
  }
  if (done.outcome === 'removed')
    out.log(bilingual('别名已全部删除：只接受代码表中的值和代码', 'aliases removed: only the listed values and their codes are accepted again'));
  if (done.outcome === 'stored')
    out.log(bilingual('别名已保存：下一次上传即按此读取（无需重新部署）', 'aliases saved: the next upload reads them (no redeploy needed)'));
  const entries = done.setting?.entries ?? [];
  if (entries.length === 0) out.log(bilingual('别名：无', 'aliases: none'));
  else for (const e of entries) out.log(`${e.list}: ${e.alias} = ${e.code}`);
  return 0;
}
