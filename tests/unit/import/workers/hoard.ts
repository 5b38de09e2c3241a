/** Test worker: keeps allocating (a parser building objects for every cell of a huge range). */
import { parentPort } from 'node:worker_threads';

parentPort?.once('message', () => {
  const kept: { cell: number; text: string }[][] = [];
  for (let n = 0; ; n++) kept.push(Array.from({ length: 10_000 }, (_, i) => ({ cell: i, text: `cell ${n}:${i}` })));
});
