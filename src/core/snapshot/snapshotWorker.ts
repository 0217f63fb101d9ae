// Worker-thread entry for the snapshot jobs of snapshotWorkers.ts; built to
// snapshotWorker.js beside it (and beside the bundles in dist/).
import { parentPort, workerData } from 'worker_threads';
import { BboltError } from './bboltReader';
import { snapshotStatus } from './snapshotStatus';
import { verifyTrailer } from './snapshotTrailer';
import type { WorkerJob, WorkerReply } from './snapshotWorkers';
import type { BrowseRequest } from './snapshotBrowser';
import { SnapshotIndex } from './snapshotIndex';

const job = workerData as WorkerJob;
const reply = (message: WorkerReply) => parentPort?.postMessage(message);
if (job.kind === 'trailer') {
  reply({ value: verifyTrailer(job.path, job.fileSize) });
} else if (job.kind === 'browse') {
  browse(job.path);
} else {
  snapshotStatus(job.path, { liveKeys: true }).then(
    value => reply({ value }),
    (err: Error) => reply({ error: err.message, damaged: err instanceof BboltError }),
  );
}

/** A snapshot opened for browsing (snapshotBrowser.ts): the index lives here and answers requests. */
function browse(path: string): void {
  let index: SnapshotIndex;
  try {
    index = SnapshotIndex.open(path);
  } catch (err) {
    reply({ error: (err as Error).message, damaged: err instanceof BboltError });
    return;
  }
  reply({ value: { revision: index.revision, compactRevision: index.compactRevision, keyCount: index.keyCount } });
  parentPort?.on('message', (request: BrowseRequest & { id: number }) => {
    try {
      parentPort?.postMessage({ id: request.id, value: answer(index, request) });
    } catch (err) {
      parentPort?.postMessage({ id: request.id, error: (err as Error).message, damaged: err instanceof BboltError });
    }
  });
}

function answer(index: SnapshotIndex, request: BrowseRequest): unknown {
  switch (request.op) {
    case 'list':
      return index.list(request.prefix);
    case 'get':
      return index.get(request.key);
    case 'page':
      return index.page(request.prefix, request.after ? Buffer.from(request.after) : undefined, request.limit);
    case 'leases':
      return index.leases();
  }
}
