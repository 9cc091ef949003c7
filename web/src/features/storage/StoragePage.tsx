import { useId, useRef, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { ActionsTab } from './ActionsTab';
import { HoldsTab } from './HoldsTab';
import { OverviewTab } from './OverviewTab';
import { PoliciesTab } from './PoliciesTab';
import { TiersTab } from './TiersTab';
import './storage.css';

type TabId = 'overview' | 'tiers' | 'policies' | 'holds' | 'actions';

const TABS: readonly { id: TabId; label: string; adminOnly: boolean }[] = [
  { id: 'overview', label: 'Overview', adminOnly: false },
  { id: 'tiers', label: 'Tiers', adminOnly: false },
  { id: 'policies', label: 'Policies', adminOnly: false },
  { id: 'holds', label: 'Legal holds', adminOnly: false },
  { id: 'actions', label: 'Manual actions', adminOnly: true },
];

/** Storage tiers, usage and problems, lifecycle policies, legal holds and manual moves/deletes, one tab each. */
export function StoragePage() {
  const { can } = useAuth();
  const admin = can('storage:admin');
  const [params, setParams] = useSearchParams();
  const tabs = TABS.filter((t) => admin || !t.adminOnly);
  const current = tabs.find((t) => t.id === params.get('tab'))?.id ?? 'overview';
  const baseId = useId();
  const refs = useRef(new Map<TabId, HTMLButtonElement>());

  const select = (id: TabId, focus = false) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id === 'overview') next.delete('tab');
        else next.set('tab', id);
        return next;
      },
      { replace: true },
    );
    if (focus) refs.current.get(id)?.focus();
  };

  // Arrow keys move between tabs (the tab list is one stop in the Tab order).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === current);
    const to =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : null;
    if (to === null) return;
    event.preventDefault();
    select(tabs[to]!.id, true);
  };

  return (
    <>
      <PageHeader
        title="Storage"
        description={
          admin
            ? 'Where recordings live, how full each tier is, and the rules that move and delete footage.'
            : 'Where recordings live, how full each tier is, and the rules that move and delete footage. Only administrators change them.'
        }
      />
      <div className="storage-tabs" role="tablist" aria-label="Storage sections" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) refs.current.set(tab.id, el);
              else refs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${tab.id}`}
            aria-selected={tab.id === current}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab.id === current ? 0 : -1}
            className={`storage-tab${tab.id === current ? ' storage-tab-active' : ''}`}
            onClick={() => select(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${current}`} className="storage-panel">
        {current === 'overview' && <OverviewTab admin={admin} />}
        {current === 'tiers' && <TiersTab admin={admin} />}
        {current === 'policies' && <PoliciesTab admin={admin} />}
        {current === 'holds' && <HoldsTab admin={admin} />}
        {current === 'actions' && admin && <ActionsTab />}
      </div>
    </>
  );
}
