// Worker-thread entry of verifyTrailerInWorker(): built to trailerWorker.js beside it.
import { parentPort, workerData } from 'worker_threads';
import { verifyTrailer } from './snapshotTrailer';

const { path, fileSize } = workerData as { path: string; fileSize: number };
parentPort?.postMessage(verifyTrailer(path, fileSize));
