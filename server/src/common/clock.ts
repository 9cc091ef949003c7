/** Clock adapter: services take time from here so tests can move it. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
export const CLOCK = Symbol('CLOCK');

export const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();
export const isoNN = (ms: number): string => new Date(Number(ms)).toISOString();
