import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  /** The browser tab title; defaults to `title` when that is plain text. */
  documentTitle?: string;
  description?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
}

export function PageHeader({ title, documentTitle, description, actions, eyebrow }: PageHeaderProps) {
  const tabTitle = documentTitle ?? (typeof title === 'string' ? title : null);
  return (
    <header className="page-header">
      {tabTitle && <title>{`${tabTitle} · Argus`}</title>}
      <div className="page-header-text">
        {eyebrow && <div className="page-eyebrow">{eyebrow}</div>}
        <h1 className="page-title">{title}</h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
