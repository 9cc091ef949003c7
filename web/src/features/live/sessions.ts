/** How long a session lasted (or has lasted so far): "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function sessionDuration(startedAt: string, endedAt: string | null, now: number = Date.now()): string {
  const start = Date.parse(startedAt);
  const end = endedAt === null ? now : Date.parse(endedAt);
  if (Number.isNaN(start) || Number.isNaN(end)) return '—';
  const seconds = Math.max(0, Math.round((end - start) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** The server's end reason ("server restarted") as a sentence; a dash while still open. */
export function describeEndReason(reason: string | null): string {
  if (reason === null || reason.trim() === '') return '—';
  const text = reason.trim();
  return text[0]!.toUpperCase() + text.slice(1);
}
