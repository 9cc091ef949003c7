import type { Permission } from '../api/types';
import type { IconName } from '../components/Icon';

export interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  permission: Permission;
  end?: boolean;
}

export const NAV_SECTIONS: readonly {
  title: string;
  items: readonly NavItem[];
}[] = [
  {
    title: 'Monitor',
    items: [
      {
        to: '/',
        label: 'Dashboard',
        icon: 'dashboard',
        permission: 'dashboard:read',
        end: true,
      },
      {
        to: '/live',
        label: 'Live',
        icon: 'live',
        permission: 'cameras:read',
      },
      {
        to: '/playback',
        label: 'Playback',
        icon: 'record',
        permission: 'recordings:read',
      },
      {
        to: '/cameras',
        label: 'Cameras',
        icon: 'camera',
        permission: 'cameras:read',
      },
      {
        to: '/recordings',
        label: 'Recordings',
        icon: 'film',
        permission: 'recordings:read',
      },
      {
        to: '/exports',
        label: 'Exports',
        icon: 'download',
        permission: 'recordings:read',
      },
      {
        to: '/alerts',
        label: 'Alerts',
        icon: 'bell',
        permission: 'alerts:read',
      },
    ],
  },
  {
    title: 'Administration',
    items: [
      { to: '/users', label: 'Users', icon: 'users', permission: 'users:read' },
      {
        to: '/tokens',
        label: 'API tokens',
        icon: 'key',
        permission: 'tokens:manage',
      },
      {
        to: '/audit',
        label: 'Audit log',
        icon: 'audit',
        permission: 'audit:read',
      },
      {
        to: '/storage',
        label: 'Storage',
        icon: 'storage',
        permission: 'storage:read',
      },
    ],
  },
];
