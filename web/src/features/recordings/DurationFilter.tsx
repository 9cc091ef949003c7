import { useEffect, useId, useRef, useState } from 'react';
import { MAX_DURATION_FILTER_MS } from './search';
import { formatDurationInput, parseDuration } from './units';

interface DurationFilterProps {
  label: string;
  /** The applied value, in ms (null: any). */
  value: number | null;
  onChange: (ms: number | null) => void;
  delayMs?: number;
}

/** A duration typed as text ("30s", "5m", "1h30m"), applied once typing pauses and the text reads as one. */
export function DurationFilter({ label, value, onChange, delayMs = 500 }: DurationFilterProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const [text, setText] = useState(value === null ? '' : formatDurationInput(value));
  const committed = useRef(value);
  const timer = useRef<number | undefined>(undefined);

  // Follow outside changes (clear filters, back button) without fighting the user's typing.
  useEffect(() => {
    if (value !== committed.current) {
      window.clearTimeout(timer.current);
      committed.current = value;
      setText(value === null ? '' : formatDurationInput(value));
    }
  }, [value]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const parsed = text.trim() === '' ? null : parseDuration(text);
  const error =
    text.trim() === ''
      ? null
      : parsed === null
        ? 'Write a duration such as 30s, 5m or 1h30m.'
        : parsed > MAX_DURATION_FILTER_MS
          ? 'At most 24 hours.'
          : null;

  const apply = (next: string) => {
    const trimmed = next.trim();
    const ms = trimmed === '' ? null : parseDuration(trimmed);
    if (trimmed !== '' && (ms === null || ms > MAX_DURATION_FILTER_MS)) return;
    const normalized = ms === 0 ? null : ms;
    if (normalized === committed.current) return;
    committed.current = normalized;
    onChange(normalized);
  };

  return (
    <div className={`toolbar-field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="text"
        inputMode="text"
        autoComplete="off"
        placeholder="e.g. 30s, 5m, 1h"
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => apply(next), delayMs);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            window.clearTimeout(timer.current);
            apply(text);
          }
        }}
      />
      {error && (
        <p id={errorId} className="field-error toolbar-field-error">
          {error}
        </p>
      )}
    </div>
  );
}
