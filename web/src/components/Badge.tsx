import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'success' | 'info' | 'warning' | 'danger' | 'accent';

export function Badge({
  tone = 'neutral',
  dot = false,
  children,
  title,
  testId,
}: {
  tone?: Tone;
  dot?: boolean;
  children: ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title} data-testid={testId}>
      {dot && <span className="badge-dot" aria-hidden="true" />}
      {children}
    </span>
  );
}
