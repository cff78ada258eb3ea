/** The small marks an incident carries everywhere: status, severity, TLP. */
import { Badge, Tooltip } from '@mantine/core';
import type { IncidentStatus, Severity, Tlp } from '#shared/incidents';
import { SEVERITY_COLORS, SEVERITY_LABELS, STATUS_COLORS, STATUS_LABELS, TLP_COLORS, TLP_DESCRIPTIONS } from './incident-labels.ts';

/** A badge keeps its whole label; a narrow table column wraps other text instead. */
const NO_SHRINK = { minWidth: 'max-content' } as const;

export function StatusBadge(props: { status: IncidentStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge color={STATUS_COLORS[props.status]} variant="light" size={props.size ?? 'md'} style={NO_SHRINK} data-testid="status-badge">
      {STATUS_LABELS[props.status]}
    </Badge>
  );
}

export function SeverityBadge(props: { severity: Severity; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={SEVERITY_COLORS[props.severity]}
      variant={props.severity === 'critical' ? 'filled' : 'outline'}
      size={props.size ?? 'md'}
      style={NO_SHRINK}
      aria-label={`Severity ${SEVERITY_LABELS[props.severity]}`}
    >
      {SEVERITY_LABELS[props.severity]}
    </Badge>
  );
}

export function TlpBadge(props: { tlp: Tlp; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  return (
    <Tooltip label={TLP_DESCRIPTIONS[props.tlp]} withArrow multiline maw={280}>
      <Badge
        size={props.size ?? 'md'}
        radius="xs"
        tabIndex={0}
        styles={{
          root: {
            ...NO_SHRINK,
            background: '#000',
            color: TLP_COLORS[props.tlp],
            fontFamily: 'var(--mantine-font-family-monospace)',
            textTransform: 'none',
          },
        }}
        data-testid="tlp-badge"
      >
        TLP:{props.tlp}
      </Badge>
    </Tooltip>
  );
}
