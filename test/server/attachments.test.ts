/**
 * Documents attached to a step through the API: the annual report's file at 单位自查, checked by content
 * and size, readable by whoever sees the flow, and every refusal leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

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

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

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
    expect(await stack.prisma.attachment.count({ where: { workflowId: res.body.workflowId } })).toBe(1);

    const listed = await supervisor.get(path);
    expect(listed.body.map((a: any) => a.filename)).toEqual(['2023年度政府信息公开工作年度报告.pdf']);
    const file = await head.downloadBytes(`/api/attachments/${added.body.id}`);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('2023年度政府信息公开工作年度报告.pdf'));
    expect((await foreignClerk.downloadBytes(`/api/attachments/${added.body.id}`)).status).toBe(404);

    const audit = await stack.prisma.auditEvent.findMany({ where: { workflowId: res.body.workflowId, action: { startsWith: 'attachment.' } } });
    expect(audit.map((a) => [a.action, a.actorLogin])).toEqual([['attachment.added', 'bj-d041-clerk']]);

    const deleted = await clerk.request('DELETE', `/api/attachments/${added.body.id}`);
    expect(deleted.status).toBe(200);
    expect((await supervisor.get(path)).body).toEqual([]);
  });
});
