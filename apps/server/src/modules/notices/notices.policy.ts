/**
 * What a caller may do with a notice now. The routes enforce the same rules (and the
 * record scope in SQL); this is what the web app is told so that it shows only these.
 */
import type { AnswerVerdict, NoticeAbilities, NoticeStatus } from '#shared/contracts/notices';
import { roleHas } from '#shared/roles';
import type { Principal } from '../../access/principal.ts';

export interface NoticeFacts {
  status: NoticeStatus;
  createdBy: string | null;
  updatedBy: string | null;
  /** The caller may change the notice's incident. */
  canWrite: boolean;
  responseStatus: 'draft' | 'submitted' | null;
  pendingExtension: boolean;
  /** Out, unanswered and past due, or flagged by the sweep. */
  overdue: boolean;
  overdueFlagged: boolean;
  escalated: boolean;
  /** The latest verdict of each assessed answer. */
  latestVerdicts: readonly AnswerVerdict[];
}

const OPEN: readonly NoticeStatus[] = ['issued', 'acknowledged'];

export const NO_ABILITIES: NoticeAbilities = {
  update: false, approve: false, issue: false, withdraw: false, close: false, respond: false,
  requestExtension: false, decideExtension: false, escalate: false, assess: false, clarify: false,
};

/** Four eyes: the approver neither created the notice nor edited it last. */
export function isFourEyes(principal: Principal, facts: Pick<NoticeFacts, 'createdBy' | 'updatedBy'>): boolean {
  return principal.userId !== facts.createdBy && principal.userId !== facts.updatedBy;
}

/** Escalation is for non-compliance: overdue (now or when flagged), or an answer refused. */
export function isEscalable(facts: Pick<NoticeFacts, 'status' | 'overdue' | 'overdueFlagged' | 'latestVerdicts'>): boolean {
  return ['issued', 'acknowledged', 'responded'].includes(facts.status)
    && (facts.overdue || facts.overdueFlagged || facts.latestVerdicts.includes('refused'));
}

export function isClarifiable(facts: Pick<NoticeFacts, 'latestVerdicts'>): boolean {
  return facts.latestVerdicts.some((v) => v === 'partial' || v === 'needs_clarification');
}

export function noticeAbilities(principal: Principal, facts: NoticeFacts): NoticeAbilities {
  if (!principal.isStaff) {
    const respond = roleHas(principal.role, 'notices.respond') && OPEN.includes(facts.status) && facts.responseStatus !== 'submitted';
    return { ...NO_ABILITIES, respond, requestExtension: respond && !facts.pendingExtension };
  }
  const writer = facts.canWrite && roleHas(principal.role, 'notices.write');
  const approver = facts.canWrite && roleHas(principal.role, 'notices.approve');
  return {
    update: writer && (facts.status === 'draft' || facts.status === 'approved'),
    approve: approver && facts.status === 'draft' && isFourEyes(principal, facts),
    issue: approver && facts.status === 'approved',
    withdraw: approver && facts.status !== 'closed' && facts.status !== 'withdrawn',
    close: approver && facts.status === 'responded',
    respond: false,
    requestExtension: false,
    decideExtension: approver && facts.pendingExtension && ['issued', 'acknowledged', 'responded'].includes(facts.status),
    escalate: approver && !facts.escalated && isEscalable(facts),
    assess: writer && facts.status === 'responded',
    clarify: writer && facts.status === 'responded' && isClarifiable(facts),
  };
}
