import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { roleLabel } from '../auth/permissions';
import { Badge } from '../components/Badge';
import { Icon } from '../components/Icon';
import { AlertsBell } from '../features/alerts/AlertsBell';

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

interface TopBarProps {
  sidebarId: string;
  sidebarOpen: boolean;
  onToggleSidebar: () => void;
}

export function TopBar({ sidebarId, sidebarOpen, onToggleSidebar }: TopBarProps) {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  if (!user) return null;

  return (
    <header className="topbar">
      <button
        type="button"
        className="btn btn-icon btn-ghost topbar-menu"
        aria-controls={sidebarId}
        aria-expanded={sidebarOpen}
        aria-label="Navigation menu"
        onClick={onToggleSidebar}
      >
        <Icon name="menu" />
      </button>
      <div className="topbar-spacer" />
      <AlertsBell />
      <Link to="/account" className="topbar-user" title="Account settings">
        <span className="avatar" aria-hidden="true">
          {initials(user.name, user.email)}
        </span>
        <span className="topbar-user-text">
          <span className="topbar-user-name">{user.name || user.email}</span>
          <span className="topbar-user-email">{user.email}</span>
        </span>
      </Link>
      <Badge tone={user.role === 'admin' ? 'accent' : user.role === 'operator' ? 'info' : 'neutral'}>
        <span className="visually-hidden">Role: </span>
        {roleLabel(user.role)}
      </Badge>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        disabled={signingOut}
        onClick={() => {
          setSigningOut(true);
          void signOut().then(() => navigate('/login', { replace: true }));
        }}
      >
        <Icon name="logout" size={16} />
        <span className="topbar-logout-text">Log out</span>
      </button>
    </header>
  );
}
