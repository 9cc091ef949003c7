import type { ReactNode } from 'react';
import { errorMessage, otherIssues } from '../api/errors';
import { Icon } from './Icon';

interface AlertProps {
  tone?: 'danger' | 'warning' | 'info' | 'success';
  title?: string;
  children?: ReactNode;
  action?: ReactNode;
}

export function Alert({ tone = 'info', title, children, action }: AlertProps) {
  const icon = tone === 'danger' || tone === 'warning' ? 'alert' : tone === 'success' ? 'check' : 'info';
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <Icon name={icon} className="alert-icon" />
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        {children && <div className="alert-text">{children}</div>}
      </div>
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}

/**
 * The server's message for a failed request, plus any field issues that no form
 * field on screen can show (listed by path).
 */
export function ErrorAlert({
  error,
  title,
  fields = [],
  action,
}: {
  error: unknown;
  title?: string;
  fields?: readonly string[];
  action?: ReactNode;
}) {
  if (!error) return null;
  const stray = otherIssues(error, fields);
  return (
    <Alert tone="danger" title={title} action={action}>
      <p>{errorMessage(error)}</p>
      {stray.length > 0 && (
        <ul className="alert-list">
          {stray.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path && <code>{issue.path}</code>} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
