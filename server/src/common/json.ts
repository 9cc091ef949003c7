/** Reads a JSON array of strings stored in a text column; anything else reads as empty. */
export function parseStringList(s: string): string[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
