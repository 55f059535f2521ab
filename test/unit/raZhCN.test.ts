import englishMessages from 'ra-language-english';
import { raZhCN } from '../../admin/src/i18n/raZhCN';

/**
 * ra-language-english is "type": "module", but its package "main" is a CommonJS
 * build (dist/index.cjs) that ends with `module.exports = exports.default`, so
 * the default import above works under @swc/jest's CommonJS output.
 */

type Tree = { [key: string]: unknown };

/** Every leaf of a message tree as [dotted path, value]. */
function leaves(tree: unknown, prefix = ''): Array<[string, unknown]> {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return [[prefix, tree]];
  return Object.entries(tree as Tree).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

/** The set of polyglot %{variable} names in a phrase. */
function placeholders(phrase: string): Set<string> {
  return new Set(Array.from(phrase.matchAll(/%\{([^}]*)\}/g), (m) => m[1]));
}

/** Whether a phrase, once its placeholders are gone, still holds any letter. */
function hasLetters(phrase: string): boolean {
  return /\p{L}/u.test(phrase.replace(/%\{[^}]*\}/g, ''));
}

const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/u;

const english = new Map(leaves(englishMessages));
const chinese = new Map(leaves(raZhCN));

describe('raZhCN (react-admin UI messages in Simplified Chinese)', () => {
  it('reads the English messages', () => {
    expect(english.get('ra.action.save')).toBe('Save');
    expect(english.size).toBeGreaterThan(100);
  });

  it('has exactly the key paths of ra-language-english', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('gives every key a non-empty string', () => {
    const bad = [...chinese].filter(([, value]) => typeof value !== 'string' || value.length === 0);
    expect(bad).toEqual([]);
    // Only a phrase that is blank in English (ra.boolean.null) may be blank here.
    const blank = [...chinese].filter(([, value]) => typeof value === 'string' && value.trim() === '').map(([path]) => path);
    expect(blank.filter((path) => (english.get(path) as string).trim() !== '')).toEqual([]);
  });

  it('keeps every %{variable} of the English phrase, and adds none', () => {
    const problems: string[] = [];
    for (const [path, en] of english) {
      const zh = chinese.get(path);
      if (typeof en !== 'string' || typeof zh !== 'string') continue;
      const want = placeholders(en);
      const have = placeholders(zh);
      for (const name of want) if (!have.has(name)) problems.push(`${path}: missing %{${name}}`);
      for (const name of have) if (!want.has(name)) problems.push(`${path}: unknown %{${name}}`);
    }
    expect(problems).toEqual([]);
  });

  it('writes every phrase in Chinese, unless it is only placeholders and symbols', () => {
    const problems: string[] = [];
    for (const [path, zh] of chinese) {
      if (typeof zh !== 'string') continue;
      const en = english.get(path);
      const symbolsOnly = typeof en === 'string' && !hasLetters(en) && !hasLetters(zh);
      if (!symbolsOnly && !CJK.test(zh)) problems.push(`${path}: ${JSON.stringify(zh)}`);
    }
    expect(problems).toEqual([]);
  });
});
