import { Resolver } from 'node:dns/promises';
import type { Prisma, PrismaClient } from '../infra/prisma';
import type { Actor } from '../../domain/step';
import type { WebsiteStatus } from '../../domain/websites';

/**
 * Does a domain still resolve? Behind an interface so that workflow tests drive the answer; the worker
 * uses the real DNS (node:dns). `addresses` empty: the name is gone (NXDOMAIN / no data).
 */
export interface DomainResolver {
  resolve(domain: string): Promise<{ resolves: boolean; addresses: string[]; error?: string }>;
}

/** The real resolver: A and AAAA records, one try of 3 s each. A lookup that fails for another reason than
 * "no such name" (a timeout, SERVFAIL) is reported as not resolving with the error kept for the audit row:
 * the check is a help to the clerk, not a gate that a broken resolver may hold shut. */
export function dnsResolver(timeoutMs = 3000): DomainResolver {
  return {
    async resolve(domain) {
      const r = new Resolver({ timeout: timeoutMs, tries: 1 });
      const settled = await Promise.allSettled([r.resolve4(domain), r.resolve6(domain)]);
      const addresses = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
      const errors = settled.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as NodeJS.ErrnoException)?.code ?? s.reason)] : []));
      const unexpected = errors.filter((e) => e !== 'ENOTFOUND' && e !== 'ENODATA');
      return { resolves: addresses.length > 0, addresses, ...(unexpected.length > 0 && addresses.length === 0 ? { error: unexpected.join(',') } : {}) };
    },
  };
}

export interface SetWebsiteStatusInput {
  websiteId: string;
  workflowId: string;
  executionId: string;
  /** the flow's n-th status change: with the execution id, the dedupe key of the audit row */
  key: string;
  status: WebsiteStatus;
  reason: string;
  reviewDate?: string;
  closedAt?: string;
}

export interface RecordObjectionInput {
  websiteId: string;
  workflowId: string;
  requestId: string;
  actor: Actor;
  content: string;
  source: string | null;
}

/** The side effects of the website-closure flow: the inventory's status, objections, the notice, the DNS check. */
export function createWebsiteActivities(prisma: PrismaClient, resolver: DomainResolver = dnsResolver()) {
  return {
    /** Moves the site's status and audits the change, once per (execution, key) however often it is retried. */
    async setWebsiteStatus(input: SetWebsiteStatusInput): Promise<void> {
      const dedupeKey = `website-status/${input.executionId}/${input.key}`;
      await prisma.$transaction(async (tx) => {
        if (await tx.auditEvent.findUnique({ where: { dedupeKey } })) return;
        const before = await tx.website.findUniqueOrThrow({ where: { id: input.websiteId }, select: { status: true, reviewDate: true, closedAt: true } });
        // Stages of one phase (four approval levels) keep the status: only a change is a change.
        if (before.status === input.status && !input.reviewDate && !input.closedAt) return;
        const data: Prisma.WebsiteUpdateInput = { status: input.status, workflowId: input.workflowId };
        if (input.reviewDate) data.reviewDate = input.reviewDate;
        if (input.closedAt) data.closedAt = new Date(input.closedAt);
        await tx.website.update({ where: { id: input.websiteId }, data });
        await tx.auditEvent.create({
          data: {
            action: 'website.status_changed', entityType: 'website', entityId: input.websiteId, workflowId: input.workflowId, dedupeKey,
            before: { status: before.status }, after: { status: input.status, reason: input.reason, ...(input.reviewDate ? { reviewDate: input.reviewDate } : {}) },
          },
        });
      });
    },

    async recordObjection(input: RecordObjectionInput): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.websiteObjection.findUnique({ where: { requestId: input.requestId } })) return;
        const row = await tx.websiteObjection.create({
          data: { websiteId: input.websiteId, workflowId: input.workflowId, content: input.content, source: input.source, filedById: input.actor.userId, requestId: input.requestId },
        });
        await tx.auditEvent.create({
          data: {
            action: 'website.objection_filed', entityType: 'website', entityId: input.websiteId, workflowId: input.workflowId, requestId: input.requestId,
            actorId: input.actor.userId, actorLogin: input.actor.login, after: { objectionId: row.id, content: input.content, source: input.source },
            dedupeKey: `website-objection/${input.requestId}`,
          },
        });
      });
    },

    /** The notice's URLs and the end of its period, on the site's timeline. */
    async recordNotice(input: { websiteId: string; workflowId: string; executionId: string; stepKey: string; noticeEndsAt: string; urls: Record<string, unknown> }): Promise<void> {
      await prisma.auditEvent.createMany({
        skipDuplicates: true,
        data: [{
          action: 'website.notice_published', entityType: 'website', entityId: input.websiteId, workflowId: input.workflowId,
          after: { noticeEndsAt: input.noticeEndsAt, oldSiteNoticeUrl: input.urls.oldSiteNoticeUrl ?? null, targetSiteNoticeUrl: input.urls.targetSiteNoticeUrl ?? null } as Prisma.InputJsonValue,
          dedupeKey: `website-notice/${input.executionId}/${input.stepKey}`,
        }],
      });
    },

    /** After 域名注销: does the name still resolve? The answer is audited on the site's timeline. */
    async checkDomainGone(input: { websiteId: string; workflowId: string; executionId: string; stepKey: string; domain: string }): Promise<{ resolves: boolean; addresses: string[] }> {
      const r = await resolver.resolve(input.domain);
      await prisma.auditEvent.createMany({
        skipDuplicates: true,
        data: [{
          action: 'website.domain_checked', entityType: 'website', entityId: input.websiteId, workflowId: input.workflowId,
          after: { domain: input.domain, resolves: r.resolves, addresses: r.addresses, error: r.error ?? null },
          dedupeKey: `website-dns/${input.executionId}/${input.stepKey}`,
        }],
      });
      return { resolves: r.resolves, addresses: r.addresses };
    },
  };
}
