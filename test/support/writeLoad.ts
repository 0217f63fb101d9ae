import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';

/**
 * A steady write load from its own process: `node writeLoad.js <endpoints> <prefix> <ops> <opsPerSecond>`.
 * Puts over a rotating set of keys, every fifth operation a delete; a failed write
 * (a member restarting) is retried until it lands. Prints the last revision written.
 */
async function main(): Promise<void> {
  const [endpoints, prefix, opsArg, rateArg] = process.argv.slice(2);
  const etcd = createEtcd3(resolveConnection({ endpoints: endpoints.split(','), dialTimeoutMs: 2000 }, {}));
  const ops = Number(opsArg);
  const interval = 1000 / Number(rateArg);
  const started = Date.now();
  let last = '0';
  for (let i = 0; i < ops; i++) {
    // Every fifth operation deletes the key put just before, so every operation is an event.
    const key = `${prefix}k${String((i % 5 === 4 ? i - 1 : i) % 300).padStart(3, '0')}`;
    for (;;) {
      try {
        const res = i % 5 === 4 ? await etcd.delete().key(key).exec() : await etcd.put(key).value(`v${i}`).exec();
        last = res.header.revision;
        break;
      } catch {
        await new Promise(r => setTimeout(r, 50));
      }
    }
    const due = started + (i + 1) * interval;
    if (due > Date.now()) {
      await new Promise(r => setTimeout(r, due - Date.now()));
    }
  }
  process.stdout.write(`${last}\n`);
  etcd.close();
  process.exit(0);
}

void main();
