/** Providers and routes. */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { isApiError } from './api/api-error.ts';
import { AppLayout } from './components/app-layout.tsx';
import { NotFoundPage } from './components/not-found-page.tsx';
import { RootFrame } from './components/root-frame.tsx';
import { AccountPage } from './features/account/account-page.tsx';
import { AuditLogPage } from './features/audit/audit-log-page.tsx';
import { SetupPage } from './features/auth/setup-page.tsx';
import { SignInPage } from './features/auth/sign-in-page.tsx';
import { DisclosuresPage } from './features/engagements/disclosures-page.tsx';
import { EditEngagementPage, NewEngagementPage } from './features/engagements/engagement-form-pages.tsx';
import { EngagementPage } from './features/engagements/engagement-page.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { IncidentPage } from './features/incidents/incident-page.tsx';
import { IncidentsPage } from './features/incidents/incidents-page.tsx';
import { NewIncidentPage } from './features/incidents/new-incident-page.tsx';
import { FailedJobsPage } from './features/jobs/failed-jobs-page.tsx';
import { OutboxPage } from './features/mail/outbox-page.tsx';
import { EditNoticePage, NewNoticePage } from './features/notices/composer-pages.tsx';
import { NoticePage } from './features/notices/notice-page.tsx';
import { OrganizationCompliancePage } from './features/notices/organization-compliance-page.tsx';
import { ComplianceDashboardPage } from './features/obligations/compliance-dashboard-page.tsx';
import { DeadlinesPage } from './features/obligations/deadlines-page.tsx';
import { RulesAdminPage } from './features/obligations/rules-admin-page.tsx';
import { OrganizationPage } from './features/organizations/organization-page.tsx';
import { OrganizationsPage } from './features/organizations/organizations-page.tsx';
import { PortalCompliancePage } from './features/portal/notices/portal-compliance-page.tsx';
import { PortalInboxPage } from './features/portal/notices/portal-inbox-page.tsx';
import { PortalNoticePage } from './features/portal/notices/portal-notice-page.tsx';
import { PortalReportPage } from './features/portal/reports/portal-report-page.tsx';
import { NewReportPage, PortalReportsPage } from './features/portal/reports/portal-reports-pages.tsx';
import { UsersPage } from './features/users/users-page.tsx';
import { theme } from './theme.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; a dropped connection might.
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const router = createBrowserRouter([
  {
    element: <RootFrame />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/setup', element: <SetupPage /> },
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'incidents', element: <IncidentsPage /> },
          { path: 'incidents/new', element: <NewIncidentPage /> },
          { path: 'incidents/:id', element: <IncidentPage /> },
          { path: 'incidents/:id/engagements/new', element: <NewEngagementPage /> },
          { path: 'incidents/:id/disclosures', element: <DisclosuresPage /> },
          { path: 'engagements/:id', element: <EngagementPage /> },
          { path: 'engagements/:id/edit', element: <EditEngagementPage /> },
          { path: 'account', element: <AccountPage /> },
          { path: 'admin/users', element: <UsersPage /> },
          { path: 'admin/organizations', element: <OrganizationsPage /> },
          { path: 'admin/organizations/:id', element: <OrganizationPage /> },
          { path: 'admin/audit-log', element: <AuditLogPage /> },
          { path: 'admin/failed-jobs', element: <FailedJobsPage /> },
          { path: 'admin/outbox', element: <OutboxPage /> },
          { path: 'incidents/:id/notices/new', element: <NewNoticePage /> },
          { path: 'notices/:id', element: <NoticePage /> },
          { path: 'notices/:id/edit', element: <EditNoticePage /> },
          { path: 'admin/organizations/:id/compliance', element: <OrganizationCompliancePage /> },
          { path: 'portal/notices', element: <PortalInboxPage /> },
          { path: 'portal/notices/:id', element: <PortalNoticePage /> },
          { path: 'portal/compliance', element: <PortalCompliancePage /> },
          { path: 'portal/reports', element: <PortalReportsPage /> },
          { path: 'portal/reports/new', element: <NewReportPage /> },
          { path: 'portal/reports/:id', element: <PortalReportPage /> },
          { path: 'deadlines', element: <DeadlinesPage /> },
          { path: 'compliance', element: <ComplianceDashboardPage /> },
          { path: 'admin/obligation-rules', element: <RulesAdminPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
