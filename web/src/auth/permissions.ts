import type { Permission, Role } from '../api/types';

/** Every permission, in display order, with what it allows. */
export const PERMISSIONS: readonly { id: Permission; description: string }[] = [
  { id: 'dashboard:read', description: 'View the dashboard' },
  { id: 'cameras:read', description: 'View cameras and their status' },
  {
    id: 'cameras:write',
    description: 'Create, edit and delete cameras; rotate stream keys',
  },
  { id: 'recordings:read', description: 'Find, play back and export recordings' },
  { id: 'tokens:manage', description: 'Manage your own API tokens' },
  { id: 'audit:read', description: 'Read the audit log' },
  { id: 'users:read', description: 'View user accounts' },
  { id: 'users:write', description: 'Create, edit and delete user accounts' },
  {
    id: 'tokens:admin',
    description: "View and revoke every user's API tokens",
  },
  { id: 'storage:read', description: 'View storage tiers, usage and policies' },
  { id: 'alerts:read', description: 'See alerts and alert rules' },
  { id: 'alerts:write', description: 'Acknowledge and resolve alerts; manage alert rules and snoozes' },
  { id: 'notifications:admin', description: 'Configure notification channels (email, SMS, webhooks)' },
  {
    id: 'storage:admin',
    description: 'Configure storage tiers, retention and legal holds; move or delete footage',
  },
];

export const ROLES: readonly {
  id: Role;
  label: string;
  description: string;
}[] = [
  {
    id: 'viewer',
    label: 'Viewer',
    description: 'Watches cameras and manages their own API tokens',
  },
  {
    id: 'operator',
    label: 'Operator',
    description: 'Viewer, plus manages cameras and reads the audit log',
  },
  {
    id: 'admin',
    label: 'Admin',
    description: "Full access, including users and everyone's tokens",
  },
];

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.id === role)?.label ?? role;
}
