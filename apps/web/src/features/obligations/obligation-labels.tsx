/** How obligations are named and marked everywhere: states, topics, rules and explanation steps. */
import { Badge, Text } from '@mantine/core';
import { OBLIGATION_STATE_LABELS, type ObligationStateName } from '#shared/contracts/obligation-api';
import type { Obligation } from './obligations-api.ts';

export const STATE_COLORS: Record<ObligationStateName, string> = {
  pending: 'blue',
  met: 'teal',
  met_late: 'orange',
  missed: 'red',
  not_applicable: 'gray',
};

export function StateBadge(props: { state: ObligationStateName }) {
  return (
    <Badge
      color={STATE_COLORS[props.state]}
      variant={props.state === 'not_applicable' ? 'outline' : 'light'}
      data-testid="obligation-state"
    >
      {OBLIGATION_STATE_LABELS[props.state]}
    </Badge>
  );
}

/** Topics of the shipped packs in words; a topic an administrator adds reads from its code. */
const TOPIC_LABELS: Record<string, string> = {
  answer_order: 'Answer the order',
  report_to_certin: 'Report to CERT-In',
  dpdp_board_intimation: 'Intimation to the Data Protection Board',
  dpdp_board_report: 'Report to the Data Protection Board',
  dpdp_data_principals: 'Tell the data principals',
  telecom_initial_report: 'Initial report to the telecom authority',
  telecom_detailed_report: 'Detailed report to the telecom authority',
  gdpr_supervisory_authority: 'Notify the supervisory authority (GDPR)',
  gdpr_processor_to_controller: 'Processor tells the controller (GDPR)',
  gdpr_data_subjects: 'Tell the data subjects (GDPR)',
  nis2_early_warning: 'NIS2 early warning',
  nis2_notification: 'NIS2 incident notification',
  nis2_final_report: 'NIS2 final report',
  dora_initial_notification: 'DORA initial notification',
  dora_intermediate_report: 'DORA intermediate report',
  dora_final_report: 'DORA final report',
  uk_gdpr_ico: 'Notify the ICO (UK GDPR)',
  uk_gdpr_data_subjects: 'Tell the data subjects (UK GDPR)',
  uk_nis_incident: 'NIS incident report (UK)',
  sec_form_8k: 'SEC Form 8-K',
  circia_covered_incident: 'CIRCIA covered incident report',
  circia_ransom_payment: 'CIRCIA ransom payment report',
  hipaa_individuals: 'Tell the individuals (HIPAA)',
  hipaa_media: 'Tell the media (HIPAA)',
  hipaa_hhs: 'Tell HHS (HIPAA)',
  texas_attorney_general: 'Notify the Texas Attorney General',
  texas_individuals: 'Tell the Texas residents',
};

/** "Report to CERT-In"; an order duty's topic names its notice: "Answer the order CERT/2025/N-0001". */
export function topicLabel(topic: string, notice: Obligation['notice'] = null): string {
  const [base] = topic.split(':');
  const words = TOPIC_LABELS[base] ?? base.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return notice ? `${words} ${notice.reference}` : words;
}

/** "IN · CERT-In Directions … · dir. (ii), Annexure I" */
export function RuleLine(props: { rule: Pick<Obligation['rule'], 'jurisdiction' | 'instrument' | 'clause'>; size?: 'xs' | 'sm' }) {
  return (
    <Text size={props.size ?? 'xs'} c="dimmed">
      <Text span fw={600} inherit>
        {props.rule.jurisdiction}
      </Text>{' '}
      · {props.rule.instrument} · {props.rule.clause}
    </Text>
  );
}

export const STEP_LABELS: Record<string, string> = {
  applies: 'Why it applies',
  not_applicable: 'Why it does not apply',
  trigger: 'What started the clock',
  due: 'How the due time was computed',
  skipped_days: 'Days not counted',
  state: 'Where it stands',
  governs: 'Which one governs',
  needs_fact: 'What is missing',
};
