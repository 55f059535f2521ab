import { appEn } from '../../admin/src/i18n/app.en';
import { appZhCN } from '../../admin/src/i18n/app.zh-CN';
import { campaignEn, campaignZhCN } from '../../admin/src/campaigns/messages';
import { delegationEn, delegationZhCN } from '../../admin/src/delegations/messages';
import { phoneEn, phoneZhCN } from '../../admin/src/layout/messages';
import { websiteEn, websiteZhCN } from '../../admin/src/websites/messages';

/**
 * The console's own labels, one pair of message trees per module (admin/src/i18n/index.ts merges them):
 * a key only one language has shows its raw path in the other, and a %{placeholder} only one language
 * has is printed as it is. react-admin's own messages are checked in raZhCN.test.ts.
 */
const MODULES: Array<[string, unknown, unknown]> = [
  ['app (admin/src/i18n/app.*)', appZhCN, appEn],
  ['campaigns', campaignZhCN, campaignEn],
  ['delegations (我的委托, 批量审批)', delegationZhCN, delegationEn],
  ['phone layout', phoneZhCN, phoneEn],
  ['websites', websiteZhCN, websiteEn],
];

type Tree = { [key: string]: unknown };
const leaves = (tree: unknown, prefix = ''): Array<[string, string]> =>
  tree !== null && typeof tree === 'object'
    ? Object.entries(tree as Tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
    : [[prefix, String(tree)]];
const placeholders = (phrase: string) => [...phrase.matchAll(/%\{([^}]*)\}/g)].map((m) => m[1]).sort();

describe.each(MODULES)("the console's %s labels", (_name, zhTree, enTree) => {
  const zh = new Map(leaves(zhTree));
  const en = new Map(leaves(enTree));

  it('name the same keys in Chinese and English', () => {
    expect(zh.size).toBeGreaterThan(0);
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('carry the same placeholders in both languages, so no %{…} is printed as it is', () => {
    const differing = [...zh].filter(([key, phrase]) => placeholders(phrase).join() !== placeholders(en.get(key) ?? '').join()).map(([key]) => key);
    expect(differing).toEqual([]);
  });
});
