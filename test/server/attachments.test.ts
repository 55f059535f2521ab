/**
 * Documents through the API, one reader for both kinds: the annual report's file at 单位自查 (a step's
 * attachment) and a closure step's evidence (uploaded to the site). Checked by content and size, readable
 * by whoever sees a task of the same run (or the site, for evidence), and every refusal leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';
import { multipart } from '../support/websiteFixtures';
import { createSite } from '../support/websites';

let stack: TestStack;
let admin: ApiSession;
let clerk: ApiSession;
let head: ApiSession;
let foreignClerk: ApiSession;
let supervisor: ApiSession;
const started: string[] = [];
const MAX = 64 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%中文年度报告\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

beforeAll(async () => {
  stack = await startStack({ ATTACHMENT_MAX_BYTES: String(MAX) });
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  clerk = await ApiSession.login(stack.baseUrl, 'bj-d041-clerk');
  head = await ApiSession.login(stack.baseUrl, 'bj-d041-head');
  foreignClerk = await ApiSession.login(stack.baseUrl, 'bj-d042-clerk');
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
});

const MARKER = `附件测试待办-${randomUUID().slice(0, 8)}`;
const rows: string[] = [];

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.prisma.attachment.deleteMany({ where: { taskId: { in: rows } } });
  await stack.prisma.task.deleteMany({ where: { id: { in: rows } } });
  await stack.stop();
});

/** A task row of a run, without a workflow behind it (uploading needs only an open task the clerk holds). */
async function taskRow(unitCode: string, workflowId: string, executionId: string, stageKey: string, status: 'OPEN' | 'COMPLETED') {
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: unitCode } });
  const row = await stack.prisma.task.create({
    data: {
      workflowId, executionId, stepKey: `${stageKey}#1`, flowKey: 'annual-report', stageKey, title: `${MARKER} ${stageKey}`,
      orgUnitId: unit.id, assigneeRole: 'CLERK', status, startedAt: new Date(),
    },
  });
  rows.push(row.id);
  return row;
}

async function openStep(workflowId: string, stageKey: string) {
  return eventually(async () => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId, status: 'OPEN' }));
    return ((await clerk.get(`/api/tasks?filter=${filter}`)).body as any[]).find?.((t) => t.stageKey === stageKey);
  }, 20_000, `open ${stageKey}`);
}

describe('the annual report\'s document at self-check', () => {
  it('is stored with its checksum, listed on the flow, downloaded byte for byte; wrong types, sizes and people are refused and nothing is saved', async () => {
    const res = await admin.post('/api/annual-reports', { orgUnitCode: 'BJ-D041', year: 2023 });
    expect(res.status).toBe(201);
    started.push(res.body.workflowId);
    const assign = await openStep(res.body.workflowId, 'assign');
    await clerk.post(`/api/tasks/${assign.id}/complete`, { requestId: randomUUID() });
    const selfCheck = await openStep(res.body.workflowId, 'self-check');
    const path = `/api/tasks/${selfCheck.id}/attachments`;

    const added = await clerk.upload(path, 'file', '2023年度政府信息公开工作年度报告.pdf', PDF);
    expect(added.body.error).toBeUndefined();
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ filename: '2023年度政府信息公开工作年度报告.pdf', mimeType: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });

    const refusals = [
      [await clerk.upload(path, 'file', 'report.pdf', PNG), 415, 'FILE_CONTENT_MISMATCH'],
      [await clerk.upload(path, 'file', 'setup.exe', Buffer.from('MZ')), 415, 'FILE_TYPE_NOT_ALLOWED'],
      [await clerk.upload(path, 'file', 'big.pdf', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(MAX + 1)])), 413, 'FILE_TOO_LARGE'],
      [await clerk.upload(path, 'file', 'empty.pdf', Buffer.alloc(0)), 400, 'FILE_EMPTY'],
      [await clerk.post(path, {}), 400, 'FILE_REQUIRED'],
      [await head.upload(path, 'file', 'head.pdf', PDF), 403, 'NOT_ASSIGNEE'],
      [await foreignClerk.upload(path, 'file', 'foreign.pdf', PDF), 404, 'NOT_FOUND'],
    ] as const;
    for (const [r, status, code] of refusals) {
      expect([r.status, r.body.error.code]).toEqual([status, code]);
      expect(typeof r.body.error.message).toBe('string');
      expect(JSON.stringify(r.body)).not.toMatch(/at \w+ \(/);
    }
    // Counted on this run's step: the workflow id is reused by every run of this file on the same database.
    expect(await stack.prisma.attachment.count({ where: { taskId: selfCheck.id } })).toBe(1);

    const listed = await supervisor.get(path);
    expect(listed.body.map((a: any) => a.filename)).toEqual(['2023年度政府信息公开工作年度报告.pdf']);
    const file = await head.downloadBytes(`/api/attachments/${added.body.id}`);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('2023年度政府信息公开工作年度报告.pdf'));
    expect((await foreignClerk.downloadBytes(`/api/attachments/${added.body.id}`)).status).toBe(404);

    const audit = await stack.prisma.auditEvent.findMany({ where: { entityType: 'task', entityId: selfCheck.id, action: { startsWith: 'attachment.' } } });
    expect(audit.map((a) => [a.action, a.actorLogin])).toEqual([['attachment.added', 'bj-d041-clerk']]);

    const deleted = await clerk.request('DELETE', `/api/attachments/${added.body.id}`);
    expect(deleted.status).toBe(200);
    expect((await supervisor.get(path)).body).toEqual([]);
  });
});

describe('who reads a step\'s document', () => {
  it('when a workflow id is used again, a task of the earlier run neither lists nor opens the later run\'s documents', async () => {
    const workflowId = `annual-report/2023/reused-${randomUUID()}`;
    // The earlier run was verified by another unit's clerk; the later run's self-check is BJ-D041's.
    const earlier = await taskRow('BJ-D042', workflowId, randomUUID(), 'city-verification', 'COMPLETED');
    const selfCheck = await taskRow('BJ-D041', workflowId, randomUUID(), 'self-check', 'OPEN');
    const added = await clerk.upload(`/api/tasks/${selfCheck.id}/attachments`, 'file', '2023年报.pdf', PDF);
    expect(added.status).toBe(201);

    const listed = await foreignClerk.get(`/api/tasks/${earlier.id}/attachments`);
    const file = await foreignClerk.downloadBytes(`/api/attachments/${added.body.id}`);

    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([]);
    expect(file.status).toBe(404);
    expect(file.bytes.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('a reviewer holding a later task of the same run reads the document the clerk attached', async () => {
    const workflowId = `annual-report/2023/reviewed-${randomUUID()}`;
    const executionId = randomUUID();
    const selfCheck = await taskRow('BJ-D041', workflowId, executionId, 'self-check', 'OPEN');
    const verification = await taskRow('BJ-GO', workflowId, executionId, 'city-verification', 'OPEN');
    const added = await clerk.upload(`/api/tasks/${selfCheck.id}/attachments`, 'file', '2023年报.pdf', PDF);
    expect(added.status).toBe(201);
    const reviewer = await ApiSession.login(stack.baseUrl, 'city-verifier');

    const listed = await reviewer.get(`/api/tasks/${verification.id}/attachments`);
    const file = await reviewer.downloadBytes(`/api/attachments/${added.body.id}`);

    expect(listed.body.map((a: any) => a.id)).toEqual([added.body.id]);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
  });
});

describe('closure evidence (uploaded to the site, named by a closure step)', () => {
  const uploads = async (siteId: string) => stack.prisma.auditEvent.count({ where: { entityType: 'website', entityId: siteId, action: 'website.evidence_uploaded' } });

  it('is typed by its first bytes, never by the type the client declares: a web page named .pdf and a text file are refused, nothing is stored', async () => {
    const site = await createSite(supervisor, 'BJ-D041');
    const page = multipart(Buffer.from('<html><script>alert(document.cookie)</script></html>'), '注销通知.pdf', 'application/pdf');
    const text = multipart(Buffer.from('注销文号：京网办注〔2026〕1号'), '注销文号.txt', 'text/plain');

    const disguised = await clerk.send(`/api/websites/${site.id}/evidence`, page.body, page.contentType);
    const plain = await clerk.send(`/api/websites/${site.id}/evidence`, text.body, text.contentType);

    expect([disguised.status, disguised.body.error.code]).toEqual([415, 'FILE_CONTENT_MISMATCH']);
    expect(disguised.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect([plain.status, plain.body.error.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    expect(await uploads(site.id)).toBe(0);
  });

  it('is limited by ATTACHMENT_MAX_BYTES, like a step\'s document, and downloaded as the type its bytes are, not sniffed', async () => {
    const site = await createSite(supervisor, 'BJ-D041');
    const big = multipart(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(MAX + 1)]), 'big.pdf', 'application/pdf');
    const good = multipart(PDF, '注销通知.pdf', 'application/octet-stream');

    const tooBig = await clerk.send(`/api/websites/${site.id}/evidence`, big.body, big.contentType);
    const stored = await clerk.send(`/api/websites/${site.id}/evidence`, good.body, good.contentType);
    const file = await clerk.downloadFile(`/api/websites/${site.id}/evidence/${stored.body.id}`);

    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(stored.status).toBe(201);
    expect(stored.body.mimeType).toBe('application/pdf');
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.body.equals(PDF)).toBe(true);
    expect(await uploads(site.id)).toBe(1);
  });

  it('is refused to someone who cannot see the site, before any of the file is read', async () => {
    const site = await createSite(supervisor, 'BJ-D041');
    const good = multipart(PDF, '注销通知.pdf', 'application/pdf');

    const res = await foreignClerk.send(`/api/websites/${site.id}/evidence`, good.body, good.contentType);

    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await uploads(site.id)).toBe(0);
  });
});
