import { useEffect, useId, useRef, useState } from 'react';
import { Icon } from './Icon';

interface SearchInputProps {
  /** The applied value (e.g. from the URL). */
  value: string;
  /** Called with the trimmed text once typing pauses. */
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  delayMs?: number;
  /** Show the label visually (default: visually hidden, with a search icon). */
  visibleLabel?: boolean;
}

/** A text filter that applies itself after the user stops typing. */
export function SearchInput({ value, onChange, label, placeholder, delayMs = 300, visibleLabel = false }: SearchInputProps) {
  const id = useId();
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const timer = useRef<number | undefined>(undefined);

  // Follow outside changes (clear filters, back button) without fighting the user's typing.
  useEffect(() => {
    if (value !== committed.current) {
      window.clearTimeout(timer.current);
      committed.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <div className={visibleLabel ? 'toolbar-field' : 'toolbar-search'}>
      <label htmlFor={id} className={visibleLabel ? undefined : 'visually-hidden'}>
        {label}
      </label>
      {!visibleLabel && <Icon name="search" size={16} className="toolbar-search-icon" />}
      <input
        id={id}
        className="input"
        type="search"
        placeholder={placeholder}
        value={text}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => {
            committed.current = next.trim();
            onChange(next.trim());
          }, delayMs);
        }}
      />
    </div>
  );
}
