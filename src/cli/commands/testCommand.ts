import { formatConnectivityReport, testConnectivity } from '../../core/report/connectivityTest';
import type { CliContext } from '../context';

/** `ztap-etcd test`: ZTAP's `cluster test-etcd` report; exit 1 when etcd cannot be reached. */
export async function testCommand(ctx: CliContext): Promise<number> {
  const result = await testConnectivity(ctx.config);
  const { endpoints, ok, members, error } = result;
  ctx.out.result(
    () => (error === undefined ? { endpoints, ok, members } : { endpoints, ok, members, error }),
    () => formatConnectivityReport(result),
  );
  return result.ok ? 0 : 1;
}
