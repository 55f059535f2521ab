import { randomUUID } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Prisma } from '../../activities/infra/prisma';
import {
  IMPORTABLE_STATUSES, normaliseDomain, parseStatus, STATUS_LABELS, WEBSITE_COLUMNS, WEBSITE_STATUSES,
  websiteBody, websiteFields, type WebsiteFields,
} from '../../domain/websites';
import { fileObjectionUpdate } from '../../workflows/websiteClosure';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound, refusalError } from '../errors';
import { errorStatus } from '../errorCodes';
import type { ListQuery } from '../listQuery';
import { canSeeUnit, requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { websiteRepository } from '../repositories/websiteRepository';
import { parseSheet, writeSheet, type SheetFormat } from './spreadsheets';
import { DOCUMENT_FIELDS, documentView, readDocument, sendDocument } from './uploads';

export const WEBSITE_SORTABLE = ['name', 'domain', 'siteCode', 'status', 'createdAt', 'updatedAt'] as const;

const filterSchema = z.object({
  q: z.string().max(100).optional(),
  status: z.union([z.enum(WEBSITE_STATUSES), z.array(z.enum(WEBSITE_STATUSES)).max(8)]).optional(),
  ownerUnitId: z.string().uuid().optional(),
  /** the owner unit and every unit below it */
  subtreeOf: z.string().uuid().optional(),
  importBatch: z.string().max(100).optional(),
  id: z.array(z.string().uuid()).max(500).optional(),
}).strict();
export type WebsiteFilter = z.infer<typeof filterSchema>;

/** What a user may see: a clerk or unit head the sites of their own unit, a supervisor the subtree they oversee. */
export function websiteScope(user: CurrentUser): Prisma.WebsiteWhereInput {
  if (user.roles.includes('ADMIN') || user.roles.includes('SUPERVISOR')) return { ownerUnit: { path: { startsWith: user.scopePath } } };
  return { ownerUnitId: user.orgUnitId };
}

async function whereOf(ctx: AppContext, user: CurrentUser, raw: unknown): Promise<Prisma.WebsiteWhereInput> {
  const f = filterSchema.safeParse(raw ?? {});
  if (!f.success) throw new AppError('INVALID_FILTER', `筛选条件无效：${f.error.issues.map((i) => i.path.join('.') || i.message).join('、')}`, 400);
  const subtree = f.data.subtreeOf ? await ctx.prisma.orgUnit.findUnique({ where: { id: f.data.subtreeOf }, select: { path: true } }) : null;
  if (f.data.subtreeOf && !subtree) throw new AppError('UNKNOWN_ORG_UNIT', '筛选的单位不存在。', 400);
  const statuses = f.data.status === undefined ? undefined : Array.isArray(f.data.status) ? f.data.status : [f.data.status];
  return {
    AND: [
      websiteScope(user),
      f.data.q ? { OR: [{ name: { contains: f.data.q } }, { domain: { contains: f.data.q.toLowerCase() } }, { siteCode: { contains: f.data.q } }] } : {},
      statuses ? { status: { in: statuses } } : {},
      f.data.ownerUnitId ? { ownerUnitId: f.data.ownerUnitId } : {},
      subtree ? { ownerUnit: { path: { startsWith: subtree.path } } } : {},
      f.data.importBatch ? { importBatch: f.data.importBatch } : {},
      f.data.id ? { id: { in: f.data.id } } : {},
    ],
  };
}

export async function listWebsites(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  return websiteRepository(ctx.prisma).list(await whereOf(ctx, user, q.filter), q);
}

/** One site the user may see, or 404 (a site outside the scope does not exist for them). */
export async function getWebsite(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('网站');
  const site = await websiteRepository(ctx.prisma).findVisible(websiteScope(user), id);
  if (!site) throw notFound('网站');
  return site;
}

// ---------------------------------------------------------------------------------------------------
// Checking sites: one body through the API, or many rows of a file
// ---------------------------------------------------------------------------------------------------

export interface RowIssue { row: number; field: string; code: string; message: string }
interface CheckedRow { row: number; fields: WebsiteFields; domain: string; ownerUnitId?: string }

/**
 * Checks rows against the formats, each other and the inventory: every problem of every row, with the
 * row number (the spreadsheet's: the header is row 1). Nothing is written.
 */
async function checkRows(ctx: AppContext, user: CurrentUser, rows: Array<{ row: number; raw: Record<string, unknown> }>) {
  const issues: RowIssue[] = [];
  const ok: CheckedRow[] = [];
  for (const { row, raw } of rows) {
    const parsed = websiteFields.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issues.push({ row, field: String(i.path[0] ?? ''), code: 'INVALID_FIELD', message: i.message });
      continue;
    }
    const domain = normaliseDomain(parsed.data.domain, domainToASCII);
    if (!domain) {
      issues.push({ row, field: 'domain', code: 'INVALID_DOMAIN', message: `域名“${parsed.data.domain}”格式不正确（只填主机名，如 www.example.gov.cn，不含 http:// 和路径）` });
      continue;
    }
    if (parsed.data.status && !IMPORTABLE_STATUSES.includes(parsed.data.status)) {
      issues.push({ row, field: 'status', code: 'INVALID_STATUS', message: `状态只能是“运行中”或“保留”，“${STATUS_LABELS[parsed.data.status]}”由关停流程设置` });
      continue;
    }
    ok.push({ row, fields: parsed.data, domain });
  }

  // Duplicates inside the file.
  const seen = { domain: new Map<string, number>(), siteCode: new Map<string, number>() };
  for (const r of ok) {
    for (const [key, value, code, label] of [['domain', r.domain, 'DUPLICATE_DOMAIN', '域名'], ['siteCode', r.fields.siteCode, 'DUPLICATE_SITE_CODE', '网站标识码']] as const) {
      const first = seen[key].get(value);
      if (first !== undefined) issues.push({ row: r.row, field: key, code, message: `${label}“${value}”与第${first}行重复` });
      else seen[key].set(value, r.row);
    }
  }

  // Against the inventory and the org tree.
  const [existing, units] = await Promise.all([
    ctx.prisma.website.findMany({ where: { OR: [{ domain: { in: [...seen.domain.keys()] } }, { siteCode: { in: [...seen.siteCode.keys()] } }] }, select: { domain: true, siteCode: true } }),
    ctx.prisma.orgUnit.findMany({ where: { code: { in: [...new Set(ok.map((r) => r.fields.ownerUnitCode))] } }, select: { id: true, code: true, path: true } }),
  ]);
  const takenDomains = new Set(existing.map((e) => e.domain));
  const takenCodes = new Set(existing.map((e) => e.siteCode));
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const targets = [...new Set(ok.map((r) => r.fields.targetDomain).filter((d): d is string => Boolean(d)).map((d) => normaliseDomain(d, domainToASCII) ?? d))];
  const knownTargets = new Set((await ctx.prisma.website.findMany({ where: { domain: { in: targets } }, select: { domain: true } })).map((w) => w.domain));
  for (const r of ok) {
    if (takenDomains.has(r.domain)) issues.push({ row: r.row, field: 'domain', code: 'DUPLICATE_DOMAIN', message: `域名“${r.domain}”已在网站清单中` });
    if (takenCodes.has(r.fields.siteCode)) issues.push({ row: r.row, field: 'siteCode', code: 'DUPLICATE_SITE_CODE', message: `网站标识码“${r.fields.siteCode}”已在网站清单中` });
    const unit = unitByCode.get(r.fields.ownerUnitCode);
    // A unit outside the importer's oversight is as unknown to them as one that does not exist.
    if (!unit || !canSeeUnit(user, unit)) issues.push({ row: r.row, field: 'ownerUnitCode', code: 'UNKNOWN_ORG_UNIT', message: `主办单位编码“${r.fields.ownerUnitCode}”不存在或不在您的管辖范围内` });
    else r.ownerUnitId = unit.id;
    if (r.fields.targetDomain) {
      const target = normaliseDomain(r.fields.targetDomain, domainToASCII);
      if (!target) issues.push({ row: r.row, field: 'targetDomain', code: 'INVALID_DOMAIN', message: `整合目标域名“${r.fields.targetDomain}”格式不正确` });
      else if (target === r.domain) issues.push({ row: r.row, field: 'targetDomain', code: 'INVALID_TARGET_SITE', message: '整合目标不能是网站自身' });
      else if (!seen.domain.has(target) && !knownTargets.has(target)) issues.push({ row: r.row, field: 'targetDomain', code: 'UNKNOWN_TARGET_SITE', message: `整合目标域名“${target}”既不在本文件中，也不在网站清单中` });
      else r.fields.targetDomain = target;
    }
  }
  issues.sort((a, b) => a.row - b.row);
  return { issues, rows: ok };
}

/** Writes checked rows in one transaction: all of them or none. */
async function createSites(ctx: AppContext, user: CurrentUser, rows: CheckedRow[], importBatch: string | null, requestId: string) {
  const ids = new Map(rows.map((r) => [r.domain, randomUUID()]));
  return ctx.prisma.$transaction(async (tx) => {
    await tx.website.createMany({
      data: rows.map((r) => ({
        id: ids.get(r.domain)!, name: r.fields.name, domain: r.domain, siteCode: r.fields.siteCode, partyGovMark: r.fields.partyGovMark ?? null,
        icpNumber: r.fields.icpNumber ?? null, psbNumber: r.fields.psbNumber ?? null, ownerUnitId: r.ownerUnitId!, status: r.fields.status ?? 'RUNNING', importBatch,
      })),
    });
    const withTarget = rows.filter((r) => r.fields.targetDomain);
    if (withTarget.length > 0) {
      const targetIds = new Map((await tx.website.findMany({ where: { domain: { in: withTarget.map((r) => r.fields.targetDomain!) } }, select: { id: true, domain: true } })).map((w) => [w.domain, w.id]));
      // One statement for every target: 644 single updates would hold the transaction ten times longer.
      const pairs = withTarget.map((r) => [ids.get(r.domain)!, targetIds.get(r.fields.targetDomain!)!]);
      const values = pairs.map((_, i) => `($${2 * i + 1}::uuid, $${2 * i + 2}::uuid)`).join(', ');
      await tx.$executeRawUnsafe(`UPDATE "Website" w SET "targetSiteId" = v.t FROM (VALUES ${values}) AS v(id, t) WHERE w.id = v.id`, ...pairs.flat());
    }
    await tx.auditEvent.createMany({
      data: rows.map((r) => ({
        action: importBatch ? 'website.imported' : 'website.created', entityType: 'website', entityId: ids.get(r.domain)!, actorId: user.id, actorLogin: user.login, requestId,
        after: { ...r.fields, domain: r.domain, importBatch } as Prisma.InputJsonValue,
      })),
    });
    return [...ids.values()];
  }, { timeout: 60_000 });
}

/** Refuses one site's body with the first problem's code, the way a clerk reads it. */
function refuse(issues: RowIssue[]): never {
  const first = issues[0];
  const code = first.code === 'INVALID_FIELD' ? 'VALIDATION_FAILED' : first.code;
  throw new AppError(code, `${first.message}。`, errorStatus(code) ?? 400, issues.map(({ field, code, message }) => ({ field, code, message })));
}

/**
 * One site from POST /api/websites, its fields already validated by the route (websiteBody: no unknown field);
 * then the same checks as an import row (domain, duplicates, the owner unit in the caller's scope).
 */
export async function createWebsite(ctx: AppContext, user: CurrentUser, body: z.output<typeof websiteBody>, requestId: string) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  const { issues, rows } = await checkRows(ctx, user, [{ row: 1, raw: body }]);
  if (issues.length > 0) refuse(issues);
  const [id] = await createSites(ctx, user, rows, null, requestId);
  return getWebsite(ctx, user, id);
}

// ---------------------------------------------------------------------------------------------------
// Import and export
// ---------------------------------------------------------------------------------------------------

const HEADER_TO_FIELD = new Map<string, string>([
  ...WEBSITE_COLUMNS.map(([header, field]) => [header, field] as [string, string]),
  ...WEBSITE_COLUMNS.map(([, field]) => [field, field] as [string, string]),
]);

/**
 * Imports a CSV or Excel file of sites. Every row is checked first; with any problem nothing is written
 * and the answer (422 IMPORT_INVALID) lists each bad row with its number and reason. `dryRun` checks only.
 */
export async function importWebsites(ctx: AppContext, user: CurrentUser, file: { buffer: Buffer; originalname: string } | undefined, format: SheetFormat | undefined, dryRun: boolean, requestId: string) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  if (!file || file.buffer.length === 0) throw new AppError('FILE_REQUIRED', '请选择要导入的 CSV 或 Excel（.xlsx）文件。', 400);
  const fmt: SheetFormat = format ?? (/\.xlsx$/i.test(file.originalname) ? 'xlsx' : 'csv');
  const started = Date.now();
  const headerKnown = (headers: string[]) => headers.some((h) => HEADER_TO_FIELD.has(h));
  const sheet = await parseSheet(file.buffer, fmt, headerKnown);
  const unknownHeaders = sheet.headers.filter((h) => h !== '' && !HEADER_TO_FIELD.has(h));
  const fields = new Set(sheet.headers.map((h) => HEADER_TO_FIELD.get(h)));
  const missing = WEBSITE_COLUMNS.filter(([, f]) => ['name', 'domain', 'siteCode', 'ownerUnitCode'].includes(f) && !fields.has(f)).map(([h]) => h);
  if (missing.length > 0 || unknownHeaders.length > 0) {
    throw new AppError('IMPORT_BAD_HEADER', `导入文件的表头不正确${missing.length ? `，缺少列：${missing.join('、')}` : ''}${unknownHeaders.length ? `，不认识的列：${unknownHeaders.join('、')}` : ''}。请使用导出文件的表头。`, 400);
  }
  if (sheet.rows.length === 0) throw new AppError('IMPORT_EMPTY', '导入文件中没有网站数据。', 400);
  if (sheet.rows.length > 5000) throw new AppError('IMPORT_TOO_LARGE', '一次最多导入5000个网站，请分批导入。', 400);

  const statusIssues: RowIssue[] = [];
  const rows = sheet.rows.map(({ row, cells }) => {
    const raw: Record<string, unknown> = {};
    sheet.headers.forEach((h, i) => {
      const field = HEADER_TO_FIELD.get(h);
      if (field && field !== 'ownerUnitName') raw[field] = cells[i] ?? '';
    });
    const status = parseStatus(String(raw.status ?? ''));
    if (status === null) statusIssues.push({ row, field: 'status', code: 'INVALID_STATUS', message: `状态“${String(raw.status)}”不正确，应为“运行中”或“保留”` });
    raw.status = status ?? undefined;
    return { row, raw };
  });
  const checked = await checkRows(ctx, user, rows);
  const issues = [...statusIssues, ...checked.issues].sort((a, b) => a.row - b.row);
  const report = { total: sheet.rows.length, valid: sheet.rows.length - new Set(issues.map((i) => i.row)).size, errors: issues };
  if (issues.length > 0) {
    throw new AppError('IMPORT_INVALID', `导入文件有${new Set(issues.map((i) => i.row)).size}行存在${issues.length}处问题，未导入任何网站。请按报告逐行修改后重新导入。`, 422, report);
  }
  if (dryRun) return { ok: true, dryRun: true, ...report, created: 0, tookMs: Date.now() - started };
  const importBatch = `import-${randomUUID()}`;
  const ids = await createSites(ctx, user, checked.rows, importBatch, requestId);
  return { ok: true, dryRun: false, ...report, created: ids.length, importBatch, tookMs: Date.now() - started };
}

export async function exportWebsites(ctx: AppContext, user: CurrentUser, format: SheetFormat, filter: unknown) {
  const where = await whereOf(ctx, user, filter);
  const sites = await ctx.prisma.website.findMany({
    where, orderBy: [{ ownerUnit: { path: 'asc' } }, { domain: 'asc' }],
    include: { ownerUnit: { select: { code: true, name: true } }, targetSite: { select: { domain: true } } },
  });
  const rows = sites.map((s) => [s.name, s.domain, s.siteCode, s.partyGovMark ?? '', s.icpNumber ?? '', s.psbNumber ?? '', s.ownerUnit.code, s.ownerUnit.name, s.targetSite?.domain ?? '', STATUS_LABELS[s.status]]);
  return writeSheet(WEBSITE_COLUMNS.map(([h]) => h), rows, format, '网站清单');
}

// ---------------------------------------------------------------------------------------------------
// Evidence, objections, the timeline
// ---------------------------------------------------------------------------------------------------

/**
 * Stores a document proving a deregistration; the step's completion names it by id (fileId). It goes
 * through the one upload path (./uploads.ts): size from ATTACHMENT_MAX_BYTES, type from its first bytes.
 * The site is checked first, so a site outside the user's scope is 404 before any of the file is read.
 */
export async function uploadEvidence(ctx: AppContext, user: CurrentUser, id: string, req: Request, res: Response, requestId: string) {
  const site = await getWebsite(ctx, user, id);
  const doc = await readDocument(req, res, ctx.config.ATTACHMENT_MAX_BYTES);
  return ctx.prisma.$transaction(async (tx) => {
    const row = await tx.attachment.create({
      data: {
        purpose: 'CLOSURE_EVIDENCE', websiteId: site.id, workflowId: site.workflowId, orgUnitId: site.ownerUnitId, filename: doc.filename, mimeType: doc.mimeType,
        size: doc.size, sha256: doc.sha256, content: new Uint8Array(doc.content), uploadedById: user.id, uploadedByLogin: user.login,
      },
      select: DOCUMENT_FIELDS,
    });
    await recordAudit(tx, { action: 'website.evidence_uploaded', entityType: 'website', entityId: site.id, workflowId: site.workflowId, actorId: user.id, actorLogin: user.login, requestId, after: { evidenceId: row.id, fileName: doc.filename, size: doc.size, sha256: doc.sha256 } });
    return documentView(row);
  });
}

/** Sends a piece of the site's evidence: the site must be in the user's scope and the document its own. */
export async function downloadEvidence(ctx: AppContext, user: CurrentUser, id: string, evidenceId: string, res: Response) {
  const site = await getWebsite(ctx, user, id);
  if (!z.string().uuid().safeParse(evidenceId).success) throw notFound('注销凭证');
  const row = await ctx.prisma.attachment.findFirst({ where: { id: evidenceId, websiteId: site.id, purpose: 'CLOSURE_EVIDENCE', deletedAt: null } });
  if (!row) throw notFound('注销凭证');
  sendDocument(res, row);
}

/**
 * A completion of a closure step may name uploaded documents (fileId): each must exist and belong to the
 * step's site. The workflow checks the form (which evidence is required); only the database knows the files.
 */
export async function checkClosureEvidence(ctx: AppContext, task: { payload: unknown }, result: Record<string, unknown> | undefined) {
  const websiteId = (task.payload as { websiteId?: string } | null)?.websiteId;
  if (!result || !websiteId) return;
  const fileIds = Object.values(result).flatMap((v) => (v && typeof v === 'object' && typeof (v as { fileId?: unknown }).fileId === 'string' ? [(v as { fileId: string }).fileId] : []));
  if (fileIds.length === 0) return;
  const valid = fileIds.every((f) => z.string().uuid().safeParse(f).success);
  const found = valid ? await ctx.prisma.attachment.count({ where: { id: { in: fileIds }, websiteId, purpose: 'CLOSURE_EVIDENCE', deletedAt: null } }) : -1;
  if (found !== new Set(fileIds).size) throw new AppError('EVIDENCE_NOT_FOUND', '所附的注销凭证文件不存在或不属于该网站，请重新上传。', 400);
}

export const objectionBody = z.object({
  requestId: z.string().regex(/^[\w-]{8,100}$/, '应为8到100位的字母、数字、连字符').optional(),
  content: z.string({ required_error: '请填写异议内容' }).trim().min(1, '请填写异议内容').max(5000, '异议内容不能超过5000字'),
  source: z.string().trim().max(200, '异议来源不能超过200字').optional(),
}).strict();

/** An objection received during the notice period (公示期异议): the flow pauses the notice and returns to approval. */
export async function fileObjection(ctx: AppContext, user: CurrentUser, site: Awaited<ReturnType<typeof getWebsite>>, body: z.output<typeof objectionBody>) {
  // The site is one the user may see (getWebsite, 404 outside the scope, before the body was validated).
  if (!site.workflowId || site.status !== 'NOTICE') throw new AppError('NOT_IN_NOTICE_PERIOD', '该网站当前不在关停公示期内，不能登记异议。', 409);
  const actor = { userId: user.id, login: user.login, orgUnitId: user.orgUnitId, roles: user.roles };
  try {
    return await ctx.temporal.workflow.getHandle(site.workflowId).executeUpdate(fileObjectionUpdate, {
      args: [{ requestId: body.requestId ?? randomUUID(), actor, content: body.content, source: body.source }],
    });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      throw refusalError(err.cause.type, err.cause.message, ctx.logger);
    }
    if (err instanceof WorkflowNotFoundError) throw new AppError('NOT_IN_NOTICE_PERIOD', '该网站当前不在关停公示期内，不能登记异议。', 409);
    throw err;
  }
}

/** Every step of the site's flows (who, when, what they said) and every change of the site, in time order. */
export async function websiteTimeline(ctx: AppContext, user: CurrentUser, id: string) {
  const site = await getWebsite(ctx, user, id);
  const { tasks, events } = await websiteRepository(ctx.prisma).timeline(site.id, site.siteCode);
  const entries = [
    ...tasks.flatMap((t) => {
      const opened = { at: t.startedAt, kind: 'step-opened', stageKey: t.stageKey, stepKey: t.stepKey, title: t.title, unit: t.orgUnit.name, actor: null as string | null, comment: null as string | null, deadlineAt: t.deadlineAt, taskId: t.id };
      if (!t.completedAt) return [opened];
      return [opened, { ...opened, at: t.completedAt, kind: `step-${t.status.toLowerCase()}`, actor: t.completedBy?.displayName ?? null, actorLogin: t.completedBy?.login ?? null, comment: t.comment, result: t.result }];
    }),
    ...events.map((e) => ({ at: e.at, kind: e.action, actor: e.actorLogin, before: e.before, after: e.after, workflowId: e.workflowId })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { website: site, entries };
}

