import { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { historyBench } from './historyBench';
async function main() {
  const c = await LocalEtcdCluster.start({ members: 1 });
  try { console.log(await historyBench(c)); } finally { await c.stop(); }
}
void main();
