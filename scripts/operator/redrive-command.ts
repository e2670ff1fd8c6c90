/**
 * `redrive [--ingest | --report] [--max N]`: moves dead letters back where they
 * came from, in every partition (the AWS China regions have no SQS redrive
 * API): each message is received, sent back (an ingest notification to the
 * ingest queue; a report event to the report function, asynchronously), and
 * deleted from the dead-letter queue only once that succeeded.
 */
import { bilingual } from '../../shared/domain/bilingual';
import { TargetError } from './cli-error';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export async function redriveCommand(target: OperatorTarget, options: { report: boolean; max: number }, out: Output): Promise<number> {
  const moved = await target.torchline.operator.redrive(options.report ? 'report' : 'ingest', options.max);
  if (moved === undefined) {
    throw new TargetError(
      bilingual(
        '没有可重发的队列：本地堆栈没有队列（其死信在 npm start 结束时列出），早期版本的堆栈没有队列输出（请部署此版本）',
        'no queues to redrive: the local stack has none (its dead letters are listed where npm start ends), and a ' +
          'stack of an earlier version has no queue outputs (deploy this version)',
      ),
    );
  }
  const where = options.report ? bilingual('报表函数', 'report function') : bilingual('导入队列', 'ingest queue');
  const more = moved === options.max ? bilingual(`（已达 --max ${options.max}，再运行一次以继续）`, `(--max ${options.max} reached; run again for more)`) : '';
  out.log(`${bilingual(`${moved} 条死信已移回`, `${moved} dead letter(s) moved back to the`)} ${where} ${more}`.trim());
  return 0;
}
