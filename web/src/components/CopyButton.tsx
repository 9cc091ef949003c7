import { useEffect, useState } from 'react';
import { Icon } from './Icon';

/** Copy text, falling back to a hidden textarea where the Clipboard API is unavailable (plain http). */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  // Inside a modal <dialog>, the rest of the page is inert: append next to the active element.
  (document.activeElement?.parentElement ?? document.body).appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('Copy failed');
}

export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  return (
    <button
      type="button"
      className="btn btn-secondary btn-sm copy-button"
      onClick={() => {
        void copyText(value).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} size={16} />
      <span>{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}</span>
      <span className="visually-hidden" aria-live="polite">
        {state === 'copied' ? 'Copied to clipboard' : ''}
      </span>
    </button>
  );
}

interface SecretValueProps {
  label: string;
  value: string;
  testId?: string;
  hint?: string;
}

/** A one-time value (secret, key, URL) in monospace with a copy button. */
export function SecretValue({ label, value, testId, hint }: SecretValueProps) {
  return (
    <div className="secret-value">
      <div className="secret-value-header">
        <span className="secret-value-label">{label}</span>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <code className="secret-value-text" data-testid={testId}>
        {value}
      </code>
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}
