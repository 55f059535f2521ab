/**
 * Drives units of an annual-report campaign through the API as the people who would act: each open step
 * is found through the administrator's task list and done by the clerk or head of the unit it sits with
 * (seeded as `<unit code>-clerk` / `-head`), the way the console would.
 */
import { randomUUID } from 'node:crypto';
import { annualReportWorkflowId } from '../../domain/step';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import type { PrismaClient } from '../../activities/infra/prisma';
import { ApiSession, eventually } from './stack';

/** Units whose seeded clerk or head is a named demo user (prisma/seed/users.ts) rather than `<code>-clerk`. */
const NAMED_USERS: Record<string, string> = {
  'BJ-GO/clerk': 'city-verifier', 'BJ-Q01-GO/clerk': 'dc-reviewer', 'BJ-D001/clerk': 'fgw-clerk', 'BJ-D001/head': 'fgw-head',
  'BJ-Q01-S01/clerk': 'street-clerk', 'BJ-Q01-S01/head': 'street-head',
};

export type Review = 'district' | 'city' | 'head';

export class CampaignDriver {
  private readonly sessions = new Map<string, Promise<ApiSession>>();
  constructor(readonly baseUrl: string, readonly year: number, readonly admin: ApiSession) {}

  workflowId = (code: string) => annualReportWorkflowId(this.year, code);

  session(login: string): Promise<ApiSession> {
    let s = this.sessions.get(login);
    if (!s) {
      s = ApiSession.login(this.baseUrl, login);
      this.sessions.set(login, s);
    }
    return s;
  }

  /** The unit's open main step, waiting for it to appear (a step opens a moment after the previous one closes). */
  async openStep(code: string, stageKey?: string, timeoutMs = 180_000): Promise<any> {
    const filter = encodeURIComponent(JSON.stringify({ workflowId: this.workflowId(code), status: 'OPEN' }));
    return eventually(async () => {
      const res = await this.admin.get(`/api/tasks?filter=${filter}&range=${encodeURIComponent('[0,49]')}`);
      // A countersigned step (会签) has several main tasks: the step's own key (its first signer) comes first.
      const open = Array.isArray(res.body) ? (res.body as any[]).filter((t) => t.position === 'main' && (!stageKey || t.stageKey === stageKey)) : [];
      return open.sort((a, b) => String(a.stepKey).length - String(b.stepKey).length)[0];
    }, timeoutMs, `${code}: open step ${stageKey ?? '(any)'}`);
  }

  /** Whoever the step is assigned to: the clerk or the head of the unit the task sits with. */
  async assigneeOf(task: any): Promise<ApiSession> {
    const role = task.assigneeRole === 'UNIT_HEAD' ? 'head' : 'clerk';
    const code = String(task.orgUnit.code);
    return this.session(NAMED_USERS[`${code}/${role}`] ?? `${code.toLowerCase()}-${role}`);
  }

  async act(code: string, stageKey: string, action: 'complete' | 'return', body: Record<string, unknown> = {}) {
    const task = await this.openStep(code, stageKey);
    const who = await this.assigneeOf(task);
    const res = await who.post(`/api/tasks/${task.id}/${action}`, { requestId: randomUUID(), ...body });
    if (res.status !== 200) throw new Error(`${code} ${stageKey} ${action}: ${res.status} ${JSON.stringify(res.body)}`);
    // 会签 (区级汇总): the other signers of the step sign too; one signer's return is enough to send it back.
    if (action === 'complete') {
      for (const signer of await this.otherSigners(code, task)) {
        const signed = await (await this.assigneeOf(signer)).post(`/api/tasks/${signer.id}/complete`, { requestId: randomUUID(), ...body });
        if (signed.status !== 200) throw new Error(`${code} ${signer.stepKey} complete: ${signed.status} ${JSON.stringify(signed.body)}`);
      }
    }
    return { task, res };
  }

  /**
   * The other signers' open tasks of a countersigned step: main tasks keyed `<step>` and `<step>+<n>`; the task
   * acted on may be any of them (the inbox lists them in no fixed order).
   */
  private async otherSigners(code: string, task: any): Promise<any[]> {
    const step = String(task.stepKey).split('+')[0];
    const filter = encodeURIComponent(JSON.stringify({ workflowId: this.workflowId(code), status: 'OPEN' }));
    const res = await this.admin.get(`/api/tasks?filter=${filter}&range=${encodeURIComponent('[0,49]')}`);
    return (res.body as any[]).filter((t) => t.position === 'main' && t.id !== task.id && (t.stepKey === step || String(t.stepKey).startsWith(`${step}+`)));
  }

  /**
   * Takes a unit from 任务分派 to 预发布 done. `returns` lists the reviews that send the report back to
   * self-check once each, in order (the district review applies only to units inside a district).
   */
  async driveToReady(code: string, opts: { returns?: Review[]; publicationDate: string; fromStage?: 'assign' | 'self-check' }): Promise<void> {
    const returns = [...(opts.returns ?? [])];
    if (opts.fromStage !== 'self-check') await this.act(code, 'assign', 'complete');
    for (;;) {
      await this.act(code, 'self-check', 'complete', { result: { report: longgang2024() } });
      if (returns[0] === 'head') {
        returns.shift();
        await this.act(code, 'sign-off', 'return', { toStageKey: 'self-check', reasonCode: 'revise', comment: '请补充第六部分' });
        continue;
      }
      await this.act(code, 'sign-off', 'complete', { comment: '同意签发' });
      const next = await this.openStep(code);
      if (next.stageKey === 'district-review') {
        if (returns[0] === 'district') {
          returns.shift();
          await this.act(code, 'district-review', 'return', { toStageKey: 'self-check', reasonCode: 'missing-content', comment: '第一部分缺少平台建设情况' });
          continue;
        }
        await this.act(code, 'district-review', 'complete', { comment: '区级审核通过' });
      }
      if (returns[0] === 'city') {
        returns.shift();
        await this.act(code, 'city-verification', 'return', { toStageKey: 'self-check', reasonCode: 'city-check', comment: '请按问题清单修改', problems: ['第五部分未写改进措施'] });
        continue;
      }
      await this.act(code, 'city-verification', 'complete', { comment: '核查通过' });
      break;
    }
    await this.act(code, 'pre-release', 'complete', { result: { publicationDate: opts.publicationDate } });
  }
}

/** Runs `fn` over `items`, `size` at a time. */
export async function inPool<T>(items: T[], size: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

/**
 * The lowest year in [from, to] such that neither it nor the year before has an annual report or a campaign in
 * the database yet: a test that needs "last year" and "this year" of its own, on a database other files (and
 * earlier runs) have used. Years above 2100 are refused by the API, so the window must stay inside it.
 */
export async function unusedYearPair(prisma: PrismaClient, from: number, to: number): Promise<number> {
  if (to > 2100) throw new Error(`unusedYearPair: ${to} is past 2100, the last report year the API accepts`);
  const [tasks, campaigns] = await Promise.all([
    prisma.task.findMany({ where: { workflowId: { startsWith: 'annual-report/' } }, select: { workflowId: true }, distinct: ['workflowId'] }),
    prisma.campaign.findMany({ select: { year: true } }),
  ]);
  const used = new Set([...tasks.map((t) => Number(t.workflowId.split('/')[1])), ...campaigns.map((c) => c.year)]);
  for (let year = from; year <= to; year++) if (!used.has(year) && !used.has(year - 1)) return year;
  throw new Error(`unusedYearPair: every year pair in ${from - 1}–${to} is taken; recreate the test databases (bash scripts/test-db.sh)`);
}
