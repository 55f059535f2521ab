/**
 * Code cites the project's own domain document (docs/domain.md §N), never a copy outside the repository: every
 * citation must point at a section (and a step of §3) the document has.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['workflows', 'activities', 'worker', 'server', 'domain', 'prisma', 'admin/src', 'test', 'bench', 'scripts'];
const SKIP = new Set(['node_modules', 'generated', 'dist']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (SKIP.has(name)) return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx|prisma|sh|mjs)$/.test(name) ? [full] : [];
  });
}

const doc = readFileSync(path.join(ROOT, 'docs/domain.md'), 'utf8');
const sections = new Set([...doc.matchAll(/^## §(\d+) /gm)].map((m) => m[1]));
const section3 = doc.slice(doc.indexOf('## §3 '), doc.indexOf('## §4 '));
const steps = new Set([...section3.matchAll(/^(\d+)\. \*\*/gm)].map((m) => m[1]));
const files = DIRS.flatMap((d) => sources(path.join(ROOT, d))).filter((f) => !f.endsWith('docCitations.test.ts'));

describe('citations of docs/domain.md', () => {
  it('point at sections and steps the document has', () => {
    const broken: string[] = [];
    let cited = 0;
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/domain\.md §(\d+)(?: step (\d+))?/g)) {
        cited++;
        if (!sections.has(m[1]) || (m[2] && (m[1] !== '3' || !steps.has(m[2])))) broken.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(cited).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it('name the project\'s own document, not a copy elsewhere', () => {
    const elsewhere = files.filter((f) => /(?<!docs\/)domain\.md §|\/work\/shared/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(elsewhere).toEqual([]);
  });
});
