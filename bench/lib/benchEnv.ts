/** A positive whole number from the environment variable `name`, or `fallback`; anything else stops the benchmark, naming the variable. */
export function positiveIntegerEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer; got ${process.env[name]}.`);
  return value;
}
