import { formatConnectivityReport, testConnectivity } from '../../core/report/connectivityTest';
import type { CliContext } from '../context';
import { printJson, printLines } from '../output';

/** `ztap-etcd test`: ZTAP's `cluster test-etcd` report; exit 1 when etcd cannot be reached. */
export async function testCommand(ctx: CliContext): Promise<number> {
  const result = await testConnectivity(ctx.config);
  if (ctx.args.json) {
    const { endpoints, ok, members, error } = result;
    printJson(error === undefined ? { endpoints, ok, members } : { endpoints, ok, members, error });
  } else {
    printLines(formatConnectivityReport(result));
  }
  return result.ok ? 0 : 1;
}
