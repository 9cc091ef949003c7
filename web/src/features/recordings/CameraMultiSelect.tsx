import { useEffect, useId, useRef, useState } from 'react';
import { Icon } from '../../components/Icon';

interface CameraMultiSelectProps {
  label: string;
  cameras: readonly { id: string; name: string }[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  /** Most cameras that can be chosen at once. */
  max?: number;
}

/**
 * A filter for several cameras: a button showing the choice, which opens a list of checkboxes
 * (with a text filter when there are many). Escape or Done closes it and returns focus to the button.
 */
export function CameraMultiSelect({ label, cameras, selected, onChange, max = 50 }: CameraMultiSelectProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const valueId = `${id}-value`;
  const panelId = `${id}-panel`;
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  // The choice as clicked, ahead of the URL round trip (a router transition): checkboxes follow
  // clicks at once, and quick clicks in a row build on each other instead of on a stale `selected`.
  const [picked, setPicked] = useState<readonly string[]>(selected);
  const selectedKey = selected.join(',');
  useEffect(() => setPicked(selectedKey ? selectedKey.split(',') : []), [selectedKey]);

  // Cameras chosen in a shared link but unknown here (deleted, or past the first 200) stay listed.
  const known = new Set(cameras.map((c) => c.id));
  const options = [...cameras, ...picked.filter((cid) => !known.has(cid)).map((cid) => ({ id: cid, name: `Unknown camera ${cid}` }))];
  const needle = text.trim().toLowerCase();
  const shown = needle ? options.filter((c) => c.name.toLowerCase().includes(needle)) : options;
  const chosen = new Set(picked);

  const summary =
    picked.length === 0
      ? 'All cameras'
      : picked.length === 1
        ? (options.find((c) => c.id === picked[0])?.name ?? '1 camera')
        : `${picked.length} cameras`;

  const close = (returnFocus: boolean) => {
    setOpen(false);
    setText('');
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && event.target instanceof Node && !rootRef.current.contains(event.target)) close(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const choose = (ids: string[]) => {
    setPicked(ids);
    onChange(ids);
  };

  const toggle = (cameraId: string, on: boolean) => {
    if (on) {
      if (!chosen.has(cameraId) && picked.length < max) choose([...picked, cameraId]);
    } else {
      choose(picked.filter((s) => s !== cameraId));
    }
  };

  return (
    <div
      ref={rootRef}
      className="toolbar-field multi-select"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          // Don't let an enclosing dialog take the Escape too.
          event.stopPropagation();
          event.preventDefault();
          close(true);
        }
      }}
    >
      <span id={labelId} className="toolbar-label">
        {label}
      </span>
      <button
        ref={buttonRef}
        type="button"
        className="select multi-select-button"
        aria-labelledby={`${labelId} ${valueId}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <span id={valueId} className="multi-select-value">
          {summary}
        </span>
      </button>
      {open && (
        <div id={panelId} className="multi-select-panel" role="group" aria-labelledby={labelId}>
          {options.length > 8 && (
            <input
              type="search"
              className="input"
              placeholder="Find a camera…"
              aria-label="Find a camera"
              value={text}
              autoFocus
              onChange={(event) => setText(event.target.value)}
            />
          )}
          {shown.length === 0 ? (
            <p className="muted small">{options.length === 0 ? 'No cameras yet.' : 'No camera matches.'}</p>
          ) : (
            <ul className="multi-select-options">
              {shown.map((camera) => (
                <li key={camera.id}>
                  <label className="multi-select-option">
                    <input
                      type="checkbox"
                      className="checkbox"
                      checked={chosen.has(camera.id)}
                      disabled={!chosen.has(camera.id) && picked.length >= max}
                      onChange={(event) => toggle(camera.id, event.target.checked)}
                    />
                    <span>{camera.name}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div className="multi-select-actions">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => choose([])} disabled={picked.length === 0}>
              Any camera
            </button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => close(true)}>
              <Icon name="check" size={14} />
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
