/** Test worker: never answers and never yields (a parser stuck in a loop). */
import { parentPort } from 'node:worker_threads';

parentPort?.once('message', () => {
  for (;;) {
    // spins until terminated
  }
});
