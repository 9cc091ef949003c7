import { useId } from 'react';
import { Icon } from '../../components/Icon';
import { shiftDate, ZOOMS } from './timeScale';

interface TimelineToolbarProps {
  /** "YYYY-MM-DD" */
  date: string;
  /** Today's date: the last one that can be chosen. */
  today: string;
  onDate: (date: string) => void;
  zoom: string;
  onZoom: (zoom: string) => void;
  /** Move a zoomed view by a fraction of its width; absent in the whole-day view. */
  onPan?: (fraction: number) => void;
}

/** Day navigation (previous, a date picker, next, today) and the timeline's zoom. */
export function TimelineToolbar({ date, today, onDate, zoom, onZoom, onPan }: TimelineToolbarProps) {
  const dateId = useId();
  return (
    <div className="timeline-toolbar">
      <div className="timeline-day" role="group" aria-label="Day">
        <button
          type="button"
          className="btn btn-secondary btn-sm btn-icon"
          aria-label="Previous day"
          onClick={() => onDate(shiftDate(date, -1))}
        >
          <Icon name="chevronLeft" size={16} />
        </button>
        <label htmlFor={dateId} className="visually-hidden">
          Date
        </label>
        <input
          id={dateId}
          type="date"
          className="input timeline-date"
          value={date}
          max={today}
          required
          onChange={(event) => {
            if (event.target.value) onDate(event.target.value > today ? today : event.target.value);
          }}
        />
        <button
          type="button"
          className="btn btn-secondary btn-sm btn-icon"
          aria-label="Next day"
          disabled={date >= today}
          onClick={() => onDate(shiftDate(date, 1))}
        >
          <Icon name="chevronRight" size={16} />
        </button>
        <button type="button" className="btn btn-ghost btn-sm" disabled={date === today} onClick={() => onDate(today)}>
          Today
        </button>
      </div>
      <div className="timeline-zoom">
        {onPan && (
          <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label="Earlier" onClick={() => onPan(-0.5)}>
            <Icon name="chevronLeft" size={16} />
          </button>
        )}
        <div className="segmented" role="group" aria-label="Zoom">
          {ZOOMS.map((z) => (
            <button
              key={z.id}
              type="button"
              className="segmented-option"
              aria-pressed={zoom === z.id}
              aria-label={`Show ${z.label}`}
              onClick={() => onZoom(z.id)}
            >
              {z.label}
            </button>
          ))}
        </div>
        {onPan && (
          <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label="Later" onClick={() => onPan(0.5)}>
            <Icon name="chevronRight" size={16} />
          </button>
        )}
      </div>
    </div>
  );
}
