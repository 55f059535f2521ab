import { phoneEn, phoneZhCN } from '../../admin/src/layout/messages';

type Tree = { [key: string]: unknown };
const leaves = (tree: unknown, prefix = ''): Array<[string, string]> =>
  tree !== null && typeof tree === 'object'
    ? Object.entries(tree as Tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
    : [[prefix, String(tree)]];
const placeholders = (phrase: string) => [...phrase.matchAll(/%\{([^}]*)\}/g)].map((m) => m[1]).sort();

describe('the phone layout\'s labels', () => {
  const zh = new Map(leaves(phoneZhCN));
  const en = new Map(leaves(phoneEn));

  it('name the same keys in Chinese and English', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('carry the same placeholders in both languages, so no %{…} is printed as it is', () => {
    const differing = [...zh].filter(([key, phrase]) => placeholders(phrase).join() !== placeholders(en.get(key) ?? '').join()).map(([key]) => key);
    expect(differing).toEqual([]);
  });
});
