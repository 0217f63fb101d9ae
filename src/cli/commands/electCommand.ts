import { ConfigError } from '../../core/config/configError';
import { parseDuration } from '../../core/config/duration';
import { findNodeIdHolder } from '../../core/election/nodeRegistration';
import { ElectionParticipant } from '../../core/election/participant';
import { resolveParticipant } from '../../core/election/participantConfig';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { UsageError } from '../usageError';

/**
 * `ztap-etcd elect <node-id>`: one participant in ZTAP's election, printing one JSON
 * line per state change. SIGINT or SIGTERM resigns, deregisters and exits 0.
 */
export async function electCommand(ctx: CliContext): Promise<number> {
  const nodeId = ctx.args.positionals[0];
  if (nodeId === undefined) {
    throw new UsageError('elect needs a node id: ztap-etcd elect <node-id> [--address host:port] [--ttl seconds] [--heartbeat seconds]');
  }
  const v = ctx.args.values;
  const seconds = (name: string): number | undefined => {
    const raw = v[name];
    if (typeof raw !== 'string') {
      return undefined;
    }
    return parseDuration(raw, `--${name}`) / 1000;
  };
  const ttl = seconds('ttl');
  if (ttl !== undefined && !Number.isInteger(ttl)) {
    throw new ConfigError(`Invalid --ttl ${String(v.ttl)}: use whole seconds.`);
  }
  const heartbeat = seconds('heartbeat');
  const electionTimeout = seconds('election-timeout');
  const config = resolveParticipant(
    {
      nodeId,
      address: typeof v.address === 'string' ? v.address : undefined,
      ttlSeconds: ttl ?? ctx.config.sessionTtlSeconds,
      heartbeatMs: heartbeat === undefined ? undefined : heartbeat * 1000,
      electionTimeoutMs: electionTimeout === undefined ? undefined : electionTimeout * 1000,
    },
    process.env,
    { ttl: '--ttl', heartbeat: '--heartbeat', electionTimeout: '--election-timeout' },
  );
  const etcd = await ctx.connect();
  const force = v.force === true;
  const holder = force ? undefined : await findNodeIdHolder(etcd, ctx.config.keyPrefix, config.nodeId);
  if (holder) {
    throw new ConfigError(holder.message);
  }
  const participant = new ElectionParticipant(etcd, config, { electionKey: ctx.config.electionKey, keyPrefix: ctx.config.keyPrefix }, force);
  participant.onEvent(e => printJson(e));
  const stopped = new Promise<void>(resolve => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void participant.stop().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  participant.start();
  await stopped;
  return 0;
}
