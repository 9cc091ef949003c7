import { createBrowserRouter, Outlet, RouterProvider } from 'react-router-dom';
import { RequireAuth, RequirePermission } from './auth/guards';
import { AccountPage } from './features/account/AccountPage';
import { AlertsPage } from './features/alerts/AlertsPage';
import { AuditPage } from './features/audit/AuditPage';
import { CameraDetailPage } from './features/cameras/CameraDetailPage';
import { CameraNewPage } from './features/cameras/CameraNewPage';
import { CamerasPage } from './features/cameras/CamerasPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { ExportsPage } from './features/exports/ExportsPage';
import { LivePage } from './features/live/LivePage';
import { LoginPage } from './features/login/LoginPage';
import { NotFoundPage } from './features/NotFoundPage';
import { MultiPlaybackPage } from './features/playback/MultiPlaybackPage';
import { RecordingsPage } from './features/recordings/RecordingsPage';
import { StoragePage } from './features/storage/StoragePage';
import { TokensPage } from './features/tokens/TokensPage';
import { UsersPage } from './features/users/UsersPage';
import { AppLayout } from './layout/AppLayout';

const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <>
        <title>Sign in · Argus</title>
        <LoginPage />
      </>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      {
        index: true,
        element: (
          <RequirePermission permission="dashboard:read">
            <DashboardPage />
          </RequirePermission>
        ),
      },
      {
        path: 'live',
        element: (
          <RequirePermission permission="cameras:read">
            <LivePage />
          </RequirePermission>
        ),
      },
      {
        path: 'playback',
        element: (
          <RequirePermission permission="recordings:read">
            <MultiPlaybackPage />
          </RequirePermission>
        ),
      },
      {
        path: 'cameras',
        element: (
          <RequirePermission permission="cameras:read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          { index: true, element: <CamerasPage /> },
          {
            path: 'new',
            element: (
              <RequirePermission permission="cameras:write">
                <CameraNewPage />
              </RequirePermission>
            ),
          },
          { path: ':id', element: <CameraDetailPage /> },
        ],
      },
      {
        path: 'recordings',
        element: (
          <RequirePermission permission="recordings:read">
            <RecordingsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'exports',
        element: (
          <RequirePermission permission="recordings:read">
            <ExportsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'storage',
        element: (
          <RequirePermission permission="storage:read">
            <StoragePage />
          </RequirePermission>
        ),
      },
      {
        path: 'alerts/*',
        element: (
          <RequirePermission permission="alerts:read">
            <AlertsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users:read">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'tokens',
        element: (
          <RequirePermission permission="tokens:manage">
            <TokensPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit:read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
