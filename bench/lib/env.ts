/** Benchmark settings from the environment (each benchmark documents its variables). */

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return value;
}

export function envNumbers(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a comma-separated list of positive numbers, got ${raw}`);
    return value;
  });
}

/** The command line that reproduces a run, with the settings that were changed from their defaults. */
export function benchCommand(name: string, variables: readonly string[]): string {
  const set = [...variables, 'BENCH_REV', 'BENCH_TARGET'].filter((v) => process.env[v] !== undefined && process.env[v] !== '').map((v) => `${v}=${process.env[v]}`);
  return `${set.length > 0 ? `${set.join(' ')} ` : ''}npm run bench -- ${name}`;
}

export const round1 = (value: number): number => Math.round(value * 10) / 10;
export const round2 = (value: number): number => Math.round(value * 100) / 100;
export const mb = (bytes: number): number => round1(bytes / 2 ** 20);
export const kb = (bytes: number): number => round1(bytes / 1024);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
