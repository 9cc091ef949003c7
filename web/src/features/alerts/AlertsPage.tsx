import { NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { NotFoundPage } from '../NotFoundPage';
import { AlertsListTab } from './AlertsListTab';
import { ChannelsTab } from './ChannelsTab';
import { RulesTab } from './RulesTab';
import { SnoozesTab } from './SnoozesTab';
import './alerts.css';

interface Tab {
  to: string;
  label: string;
  title: string;
}

const TABS: readonly Tab[] = [
  { to: '/alerts', label: 'Alerts', title: 'Alerts' },
  { to: '/alerts/rules', label: 'Rules', title: 'Alert rules' },
  { to: '/alerts/snoozes', label: 'Snoozes', title: 'Snoozed alerts' },
];
const CHANNELS_TAB: Tab = { to: '/alerts/channels', label: 'Notification channels', title: 'Notification channels' };

/** Alerts and what raises and sends them: the alert list, rules, snoozes and (admins) notification channels. */
export function AlertsPage() {
  const { can } = useAuth();
  const location = useLocation();
  const admin = can('notifications:admin');
  const tabs = admin ? [...TABS, CHANNELS_TAB] : TABS;
  const current = tabs.find((t) => t.to === location.pathname.replace(/\/+$/, '')) ?? TABS[0]!;

  return (
    <>
      <PageHeader
        title="Alerts"
        documentTitle={current.title}
        description="What went wrong with cameras, recording and storage, as it happens — with the rules that raise alerts and where they are sent."
      />
      <nav className="alerts-tabs" aria-label="Alerts sections">
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end className={({ isActive }) => `alerts-tab${isActive ? ' alerts-tab-active' : ''}`}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<AlertsListTab />} />
        <Route path="rules" element={<RulesTab />} />
        <Route path="snoozes" element={<SnoozesTab />} />
        <Route
          path="channels"
          element={
            admin ? (
              <ChannelsTab />
            ) : (
              <EmptyState
                icon="lock"
                title="Only administrators manage notification channels"
                description="It needs the “notifications:admin” permission."
              />
            )
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
