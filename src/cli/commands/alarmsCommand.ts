import { ALARM_HELP, disarmAlarms, readAlarms } from '../../core/cluster/maintenance';
import { deniedOn } from '../../core/client/errors';
import type { CliContext } from '../context';

/** `ztap-etcd alarms [--disarm]`: etcd's active alarms with what they mean; --disarm clears them. */
export async function alarmsCommand(ctx: CliContext): Promise<number> {
  const etcd = await ctx.connect();
  const disarm = ctx.args.values.disarm === true;
  const alarms = await (disarm ? disarmAlarms(etcd) : readAlarms(etcd)).catch(err => {
    throw deniedOn(err, 'the alarms', ctx.config.username);
  });
  ctx.out.result(
    () => ({ alarms: alarms.map(a => ({ memberId: a.memberId, alarm: a.alarm })), disarmed: disarm }),
    () =>
      alarms.length === 0
        ? ['No active alarms.']
        : alarms.map(a => `${disarm ? 'disarmed ' : ''}${a.alarm} on member ${a.memberId}${disarm ? '' : `: ${ALARM_HELP[a.alarm]}`}`),
  );
  return 0;
}
