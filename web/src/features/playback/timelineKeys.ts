// Keyboard control of the timeline (a slider over the day). Pure.
import { MINUTE, SECOND, type TimeWindow } from './timeScale';

/**
 * The time a key moves the timeline's playhead to from `current`, or null for a key the
 * timeline doesn't use. ←/→ 10 s (with Shift 1 min), PageUp/PageDown 10 min, Home/End the
 * start of the day and its end (or now, today). Kept inside the day and before now.
 */
export function keyTarget(key: string, shiftKey: boolean, current: number, day: TimeWindow, now: number): number | null {
  const latest = Math.min(day.end - SECOND, now);
  const step = shiftKey ? MINUTE : 10 * SECOND;
  let t: number;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      t = current - step;
      break;
    case 'ArrowRight':
    case 'ArrowUp':
      t = current + step;
      break;
    case 'PageDown':
      t = current - 10 * MINUTE;
      break;
    case 'PageUp':
      t = current + 10 * MINUTE;
      break;
    case 'Home':
      t = day.start;
      break;
    case 'End':
      t = latest;
      break;
    default:
      return null;
  }
  return Math.max(day.start, Math.min(latest, t));
}
