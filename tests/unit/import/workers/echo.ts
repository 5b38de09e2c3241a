/** Test worker: answers its message with the message. */
import { parentPort } from 'node:worker_threads';

parentPort?.once('message', (message: unknown) => parentPort?.postMessage(message));
