import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { Icon, Logo } from '../components/Icon';
import { formatDuration } from '../lib/format';
import { NAV_SECTIONS } from './nav';

export function Sidebar({ id, open, onNavigate }: { id: string; open: boolean; onNavigate: () => void }) {
  const { can } = useAuth();
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => unwrap(api.GET('/api/health')),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });

  return (
    <aside id={id} className={`sidebar${open ? ' sidebar-open' : ''}`} aria-label="Sidebar">
      <div className="sidebar-brand">
        <Logo />
        <span className="sidebar-brand-name">Argus</span>
      </div>
      <nav className="sidebar-nav" aria-label="Main">
        {NAV_SECTIONS.map((section) => {
          const items = section.items.filter((item) => can(item.permission));
          if (items.length === 0) return null;
          return (
            <div key={section.title} className="sidebar-section">
              <p className="sidebar-section-title">{section.title}</p>
              <ul>
                {items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} className="sidebar-link" onClick={onNavigate}>
                      <Icon name={item.icon} />
                      <span>{item.label}</span>
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </nav>
      <div className="sidebar-footer">
        {health.data ? (
          <>
            <span className="health-dot health-ok" aria-hidden="true" />
            <span>
              v{health.data.version} · up {formatDuration(health.data.uptimeSeconds)}
            </span>
          </>
        ) : health.isError ? (
          <>
            <span className="health-dot health-down" aria-hidden="true" />
            <span>Server unreachable</span>
          </>
        ) : (
          <span>Connecting…</span>
        )}
      </div>
    </aside>
  );
}
