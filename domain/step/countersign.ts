/**
 * 会签 (parallel countersign): a stage several people sign at once, each on a task of their own, decided by
 * the stage's rule. Pure and a leaf (it imports only the step's own types), so the step engine, the stage
 * registry, the API and the console read one definition of what "the stage is decided" means.
 *
 * Rules (what Chinese OA suites call 会签 vs 或签/比例会签):
 * - `all`: every signer must approve; the first return (退回) sends the case back at once.
 * - `quorum`: the stage passes once `quorum` signers have approved; a return closes only that signer's
 *   task, and the case goes back when the signers still open can no longer reach the quorum.
 */
import type { Role } from './index';

export type CountersignRule = { kind: 'all' } | { kind: 'quorum'; quorum: number };

/** One signer of a countersigned step, as the workflow opens their task. */
export interface SignerSpec {
  orgUnitId: string;
  assigneeRole: Role;
  /** A named signer; without one any holder of the post in the unit may act (or claim it). */
  assigneeUserId?: string | null;
  /** What the signer signs as ("区政府办公室负责人"): shown on their task and in the history. */
  label: string;
}

/** Where a signer stands: the subset of an assignment the rule reads. */
export interface SignerState {
  status: 'OPEN' | 'COMPLETED' | 'RETURNED' | 'WITHDRAWN' | 'CANCELLED';
}

export type CountersignOutcome = 'pending' | 'approved' | 'returned';

/** How many approvals pass the stage under its rule, for `n` signers. */
export function approvalsNeeded(rule: CountersignRule, n: number): number {
  return rule.kind === 'all' ? n : Math.min(n, rule.quorum);
}

/**
 * The stage's state after each signer's action: approved once enough signers approved, returned once a
 * return makes that impossible (under `all`, the first return), else still pending.
 */
export function countersignOutcome(rule: CountersignRule, signers: readonly SignerState[]): CountersignOutcome {
  const needed = approvalsNeeded(rule, signers.length);
  const approved = signers.filter((s) => s.status === 'COMPLETED').length;
  const open = signers.filter((s) => s.status === 'OPEN').length;
  const returned = signers.some((s) => s.status === 'RETURNED');
  if (approved >= needed) return 'approved';
  if (rule.kind === 'all' && returned) return 'returned';
  if (approved + open < needed) return 'returned';
  return 'pending';
}

/** A rule's problem (for the registry's load-time check and the API's input), or undefined when it is sound. */
export function countersignRuleProblem(rule: CountersignRule, signers: number): string | undefined {
  if (signers < 2) return '会签至少需要两名签署人。';
  if (signers > 20) return '会签签署人不能超过20名。';
  if (rule.kind === 'quorum' && (!Number.isInteger(rule.quorum) || rule.quorum < 1 || rule.quorum > signers)) {
    return `会签通过人数应为1到${signers}之间的整数。`;
  }
  return undefined;
}

/** Why a signer's task was closed without their action, in words a clerk reads on the task. */
export function countersignClosingReason(outcome: Exclude<CountersignOutcome, 'pending'>, byLogin?: string): string {
  return outcome === 'approved'
    ? '会签已达到通过人数，本签署无需再办理。'
    : `会签已被${byLogin ? ` ${byLogin} ` : ''}退回，本签署随之结束。`;
}

/** A stage's 会签 for one run: its rule and the signers resolved to units and posts. */
export interface CountersignSpec {
  rule: CountersignRule;
  signers: SignerSpec[];
}

/**
 * One signer as an administrator names them in 环节设置: the holder of a post in the step's own unit
 * (one per role), or a named user (who signs in their own unit).
 */
export type CountersignSignerSetting = { role: Role; label?: string } | { userId: string; label?: string };

/**
 * 会签 as an administrator sets it on a stage (StageDefinition.countersign): `enabled: false` turns off
 * a countersign the flow registry declares, `enabled: true` replaces it (or adds one to a stage that had
 * none). No setting (null) keeps the registry's declaration: the default.
 */
export type CountersignSetting =
  | { enabled: false }
  | { enabled: true; rule: CountersignRule; signers: CountersignSignerSetting[] };

/** What a signer named by post signs as, when the administrator gave no label. */
export const SIGNER_ROLE_LABEL: Record<Role, string> = { CLERK: '经办人', UNIT_HEAD: '单位负责人', SUPERVISOR: '督办人员', ADMIN: '管理员' };

/** A named signer as the step reads them when it opens (their unit, the post they sign in, their name). */
export interface NamedSigner {
  orgUnitId: string;
  role: Role;
  name: string;
}

/**
 * The 会签 a step of the stage opens with: the administrator's setting when there is one, else the flow
 * registry's default. Signers by post sign in the step's own unit; a named user who no longer exists (or
 * is disabled) is left out, and when what remains cannot meet the rule the registry's default applies, so
 * a stale setting never opens a stage nobody can decide.
 */
export function effectiveCountersign(
  registryDefault: CountersignSpec | undefined,
  setting: CountersignSetting | null | undefined,
  at: { orgUnitId: string; users: ReadonlyMap<string, NamedSigner> },
): CountersignSpec | undefined {
  if (!setting) return registryDefault;
  if (!setting.enabled) return undefined;
  const signers: SignerSpec[] = [];
  for (const s of setting.signers) {
    if ('role' in s) {
      signers.push({ orgUnitId: at.orgUnitId, assigneeRole: s.role, label: s.label || SIGNER_ROLE_LABEL[s.role] });
      continue;
    }
    const user = at.users.get(s.userId);
    if (user) signers.push({ orgUnitId: user.orgUnitId, assigneeRole: user.role, assigneeUserId: s.userId, label: s.label || user.name });
  }
  if (countersignRuleProblem(setting.rule, signers.length)) return registryDefault;
  return { rule: setting.rule, signers };
}

/** The named users of a setting (for the activity that loads them). */
export function namedSignerIds(setting: CountersignSetting | null | undefined): string[] {
  return setting?.enabled ? setting.signers.flatMap((s) => ('userId' in s ? [s.userId] : [])) : [];
}
