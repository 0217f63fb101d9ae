// Worker-thread entry for the snapshot jobs of snapshotWorkers.ts; built to
// snapshotWorker.js beside it (and beside the bundles in dist/).
import { parentPort, workerData } from 'worker_threads';
import { BboltError } from './bboltReader';
import { snapshotStatus } from './snapshotStatus';
import { verifyTrailer } from './snapshotTrailer';
import type { WorkerJob, WorkerReply } from './snapshotWorkers';

const job = workerData as WorkerJob;
const reply = (message: WorkerReply) => parentPort?.postMessage(message);
if (job.kind === 'trailer') {
  reply({ value: verifyTrailer(job.path, job.fileSize) });
} else {
  snapshotStatus(job.path).then(
    value => reply({ value }),
    (err: Error) => reply({ error: err.message, damaged: err instanceof BboltError }),
  );
}
