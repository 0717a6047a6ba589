/**
 * Runs one scale case at one size in a process of its own and prints
 * `{ outcome, micros }`: the least CPU time of a few rounds, each after a full
 * garbage collection, so that the heap left by earlier work is not measured.
 * Usage: node --expose-gc scale-child.js <case> <n>
 */
import { scaleCases } from './scale-cases';

async function main(): Promise<void> {
  const [name, size] = process.argv.slice(2);
  const c = scaleCases[name];
  const n = Number(size);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (c === undefined || !(n > 0) || gc === undefined)
    throw new Error('usage: node --expose-gc scale-child.js <case> <n>');
  // Warm up, so that no measured round compiles the engine.
  await c.run(Math.max(1, Math.floor(n / 10)));
  let micros = Infinity;
  let outcome = '';
  for (let round = 0; round < 5; round++) {
    gc();
    const start = process.cpuUsage();
    outcome = await c.run(n);
    const used = process.cpuUsage(start);
    micros = Math.min(micros, used.user + used.system);
  }
  process.stdout.write(JSON.stringify({ outcome, micros }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
