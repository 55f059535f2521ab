/**
 * Finds every error code GovFlow's source raises, by reading the source with the TypeScript parser (not a
 * regex: calls span lines, messages hold commas and parentheses): `rejectAction('CODE', …)` or the pure
 * checks' `refuse('CODE', …)` inside the
 * workflows and the flows' form checks, `new AppError('CODE', message, status)` in the API.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface RaisedCode {
  kind: 'refusal' | 'api';
  code: string;
  /** the literal HTTP status passed to AppError, when there is one */
  status?: number;
  /** file:line, for the failure message */
  at: string;
}

const ROOT = join(__dirname, '..', '..');
/** Where production code lives; tests and their fixtures are not scanned. */
export const SCANNED_FOLDERS = ['workflows', 'activities', 'domain', 'server', 'worker'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const calleeName = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined);

export function raisedCodes(folders = SCANNED_FOLDERS): RaisedCode[] {
  const out: RaisedCode[] = [];
  for (const file of folders.flatMap((f) => sourceFiles(join(ROOT, f)))) {
    const text = readFileSync(file, 'utf8');
    if (!/rejectAction\(|refuse\(|AppError\(|code: '/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const at = (n: ts.Node) => `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ['rejectAction', 'refuse'].includes(calleeName(n.expression) ?? '')) {
        const [first] = n.arguments;
        if (first && ts.isStringLiteralLike(first)) out.push({ kind: 'refusal', code: first.text, at: at(n) });
      }
      // A pure check may also answer its refusal as a literal `{ code: 'CODE', message }` (the step's validators in workflows/).
      if (ts.isObjectLiteralExpression(n) && relative(ROOT, file).startsWith('workflows/')) {
        const props = new Map(n.properties.filter(ts.isPropertyAssignment).map((p) => [p.name.getText(sf), p.initializer]));
        const code = props.get('code');
        if (code && props.has('message') && ts.isStringLiteralLike(code) && /^[A-Z][A-Z_]+$/.test(code.text)) out.push({ kind: 'refusal', code: code.text, at: at(n) });
      }
      if (ts.isNewExpression(n) && calleeName(n.expression) === 'AppError') {
        const [first, , status] = n.arguments ?? [];
        if (first && ts.isStringLiteralLike(first)) {
          out.push({ kind: 'api', code: first.text, status: status && ts.isNumericLiteral(status) ? Number(status.text) : undefined, at: at(n) });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}
