/** The left navigation; each link that needs a permission appears only with it. */
import { NavLink, Stack, Text } from '@mantine/core';
import {
  IconAlertOctagon,
  IconBuilding,
  IconCalendarDue,
  IconChartBar,
  IconChartHistogram,
  IconFileCertificate,
  IconFolders,
  IconGavel,
  IconHistory,
  IconHome,
  IconMail,
  IconReportAnalytics,
  IconUserShield,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useMeQuery } from '../features/session/use-me.ts';

interface Item {
  to: string;
  label: string;
  icon: ReactNode;
  permission?: string;
  /** Only for users of the home organization (the CERT's staff), as /me says. */
  staff?: boolean;
}

const MAIN: Item[] = [
  { to: '/', label: 'Home', icon: <IconHome size={18} /> },
  { to: '/incidents', label: 'Incidents', icon: <IconFolders size={18} />, permission: 'incidents.read' },
  // An organization's inbox and record; staff reach notices through incidents and organizations.
  { to: '/portal/notices', label: 'Notices', icon: <IconFileCertificate size={18} />, permission: 'notices.respond' },
  { to: '/portal/compliance', label: 'Compliance record', icon: <IconChartBar size={18} />, permission: 'notices.respond' },
  { to: '/portal/reports', label: 'Reports', icon: <IconReportAnalytics size={18} />, permission: 'reports.submit' },
  { to: '/deadlines', label: 'Deadlines', icon: <IconCalendarDue size={18} />, permission: 'obligations.read', staff: true },
  { to: '/compliance', label: 'Compliance', icon: <IconChartHistogram size={18} />, permission: 'obligations.read', staff: true },
];
const ADMIN: Item[] = [
  { to: '/admin/users', label: 'Users', icon: <IconUsers size={18} />, permission: 'users.read' },
  { to: '/admin/organizations', label: 'Organizations', icon: <IconBuilding size={18} />, permission: 'organizations.read' },
  { to: '/admin/audit-log', label: 'Audit log', icon: <IconHistory size={18} />, permission: 'audit.read' },
  { to: '/admin/failed-jobs', label: 'Failed jobs', icon: <IconAlertOctagon size={18} />, permission: 'jobs.read' },
  { to: '/admin/outbox', label: 'Outbox', icon: <IconMail size={18} />, permission: 'mail.read' },
  { to: '/admin/obligation-rules', label: 'Obligation rules', icon: <IconGavel size={18} />, permission: 'obligations.manage' },
];
const PERSONAL: Item[] = [{ to: '/account', label: 'Account & security', icon: <IconUserShield size={18} /> }];

export function NavLinks(props: { permissions: string[]; onNavigate?: () => void }) {
  const { pathname } = useLocation();
  const isStaff = useMeQuery().data?.user.organization.isHome ?? false;
  const allowed = (items: Item[]) =>
    items.filter((i) => (!i.permission || props.permissions.includes(i.permission)) && (!i.staff || isStaff));
  const isActive = (to: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));
  const render = (items: Item[]) =>
    items.map((item) => (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label}
        leftSection={item.icon}
        active={isActive(item.to)}
        aria-current={isActive(item.to) ? 'page' : undefined}
        onClick={props.onNavigate}
        variant="light"
        style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      />
    ));
  const admin = allowed(ADMIN);
  return (
    <Stack gap={2} component="nav" aria-label="Main">
      {render(allowed(MAIN))}
      {admin.length > 0 && (
        <>
          <Text size="xs" fw={600} c="dimmed" className="nav-section-label" mt="lg" mb={4} px="sm">
            Administration
          </Text>
          {render(admin)}
        </>
      )}
      <Text size="xs" fw={600} c="dimmed" className="nav-section-label" mt="lg" mb={4} px="sm">
        You
      </Text>
      {render(PERSONAL)}
    </Stack>
  );
}
