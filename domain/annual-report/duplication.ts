/**
 * 文字重复率 (docs/domain.md §3 step 5): for each section of a report, the share of its text repeated from the
 * unit's own report of last year and from other units' reports of the same campaign, with the repeated
 * sentences side by side. 内容雷同 is sanctionable (条例 第四十七条), but no official threshold exists:
 * the warning and return thresholds are settings (`DUPLICATION_WARN_PERCENT`, `DUPLICATION_RETURN_PERCENT`).
 *
 * How, so it stays fast for a whole city (1,000 reports of 5,000–20,000 characters): each report is split
 * into sentences, each sentence normalised (full-width to half-width, whitespace and punctuation dropped,
 * every run of digits replaced by '#', so a copied sentence with this year's figures still counts) and
 * put in an inverted index, normalised sentence → the reports and sections that hold it. Checking a report
 * is then one look-up per sentence, whatever the number of reports; a campaign-wide pass is linear in the
 * text. Comparing reports pairwise would be quadratic (`bench/duplication.ts` times both).
 * A sentence shorter than MIN_SENTENCE characters (after normalising) is not counted: "无。", "详见下表。"
 * repeat in every report and say nothing about copying.
 */
import { SECTION_KEYS, type SectionKey } from './template';

export const MIN_SENTENCE = 10;

export interface DuplicationDoc {
  /** Unique key of the report in the index (e.g. the workflow id). */
  id: string;
  unitId: string;
  year: number;
  /** What the reader is told the source is, e.g. the unit's name. */
  label?: string;
  sections: Partial<Record<SectionKey, string>>;
}

export interface Sentence {
  /** Where the sentence sits in its section's text (UTF-16 offsets), to highlight it. */
  start: number;
  end: number;
  text: string;
  norm: string;
}

export interface DuplicationMatch {
  section: SectionKey;
  sentence: { start: number; end: number; text: string };
  /** The first report found holding the same sentence, preferring the unit's own last year. */
  source: { id: string; unitId: string; year: number; label?: string; section: SectionKey; text: string; start: number; end: number; lastYear: boolean };
  /** How many other reports of the campaign hold it too. */
  others: number;
}

export interface SectionDuplication {
  section: SectionKey;
  chars: number;
  /** Percentages (0–100, one decimal) of the section's counted characters repeated from each source. */
  lastYear: number;
  others: number;
  /** Repeated from either. */
  total: number;
}

export interface DuplicationResult {
  id: string;
  sections: SectionDuplication[];
  /** The whole report's text, weighted by characters. */
  lastYear: number;
  others: number;
  total: number;
  matches: DuplicationMatch[];
}

/** Sentence ends: 。！？；!?; and line breaks. */
const isEnd = (c: number) => c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x0a || c === 0x0d;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0 || c === 0x0a || c === 0x0d;
/** Dropped when comparing: whitespace, ASCII and CJK punctuation and symbols, full-width forms of them. */
function isIgnored(c: number): boolean {
  if (c <= 0x2f) return true; // controls, space, !"#$%&'()*+,-./
  if (c >= 0x3a && c <= 0x40) return true;
  if ((c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0xbf)) return true;
  if (c >= 0x2000 && c <= 0x206f) return true; // general punctuation (“ ” — …)
  if (c >= 0x3000 && c <= 0x303f) return true; // CJK punctuation (、。「」【】〔〕)
  if ((c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65)) return true;
  return false;
}
const digitOf = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);

/** One sentence as compared: half-width, no whitespace or punctuation, digit runs as '#'. */
export function normaliseSentence(text: string): string {
  let out = '';
  let inDigits = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (digitOf(c)) { if (!inDigits) out += '#'; inDigits = true; continue; }
    if (c === 0x2c || c === 0xff0c || c === 0x2e || c === 0xff0e) { if (inDigits && digitOf(text.charCodeAt(i + 1))) continue; }
    inDigits = false;
    if (isIgnored(c)) continue;
    out += text[i];
  }
  return out;
}

/** A section's text split into sentences at 。！？；!?; and line breaks, with their offsets. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  scan(text, (start, end) => {
    const body = text.slice(start, end);
    out.push({ start, end, text: body, norm: normaliseSentence(body) });
  });
  return out;
}

/** Calls `each(start, end)` for every non-blank sentence of `text` (whitespace trimmed, terminator kept). */
function scan(text: string, each: (start: number, end: number) => void): void {
  let start = 0;
  const emit = (from: number, to: number) => {
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
    if (to > from) each(from, to);
  };
  for (let i = 0; i < text.length; i++) {
    if (isEnd(text.charCodeAt(i))) { emit(start, i + 1); start = i + 1; }
  }
  emit(start, text.length);
}

/**
 * The normalised sentence's length and a 53-bit hash of it (two FNV-1a words), computed in one pass
 * without building the string: the index keeps numbers, not millions of sentence strings.
 */
function hashSentence(text: string, start: number, end: number): { hash: number; length: number } {
  let h1 = 0x811c9dc5, h2 = 0x5bd1e995, length = 0, inDigits = false;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (digitOf(c)) {
      if (inDigits) continue;
      inDigits = true;
      c = 0x23; // a run of digits is one '#'
    } else if ((c === 0x2c || c === 0xff0c || c === 0x2e || c === 0xff0e) && inDigits && i + 1 < end && digitOf(text.charCodeAt(i + 1))) {
      continue; // 1,234 and 12.5 stay one run
    } else {
      inDigits = false;
      if (isIgnored(c)) continue;
    }
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
    length++;
  }
  return { hash: (h1 >>> 0) * 0x200000 + (h2 >>> 11), length };
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/** A section's sentences as the index keeps them: offsets, normalised lengths, hashes. */
interface SectionSentences { starts: Int32Array; ends: Int32Array; lengths: Int32Array; hashes: Float64Array }

// A posting packs (report, section, sentence) into one number: report * 2^23 + section * 2^20 + sentence.
const SECTION_BITS = 0x100000;
const DOC_BITS = 0x800000;
const pack = (doc: number, section: number, sentence: number) => doc * DOC_BITS + section * SECTION_BITS + sentence;

/** The inverted index of a campaign's reports (and the units' last-year reports). */
export class DuplicationIndex {
  private docs: DuplicationDoc[] = [];
  private sentences: Array<Array<SectionSentences | undefined>> = [];
  private byId = new Map<string, number>();
  private postings = new Map<number, number[]>();

  /** Reports in the index. */
  get size(): number {
    return this.byId.size;
  }

  /** Adds a report (a report already in the index under the same id is replaced). */
  add(doc: DuplicationDoc): void {
    if (this.byId.has(doc.id)) this.remove(doc.id);
    const n = this.docs.length;
    this.docs.push(doc);
    this.byId.set(doc.id, n);
    const split: Array<SectionSentences | undefined> = [];
    SECTION_KEYS.forEach((section, si) => {
      const text = doc.sections[section];
      if (!text) return;
      const starts: number[] = [], ends: number[] = [], lengths: number[] = [], hashes: number[] = [];
      scan(text, (start, end) => {
        const { hash, length } = hashSentence(text, start, end);
        const i = starts.length;
        starts.push(start); ends.push(end); lengths.push(length); hashes.push(hash);
        if (length < MIN_SENTENCE) return;
        const p = this.postings.get(hash);
        if (p) p.push(pack(n, si, i)); else this.postings.set(hash, [pack(n, si, i)]);
      });
      split[si] = { starts: Int32Array.from(starts), ends: Int32Array.from(ends), lengths: Int32Array.from(lengths), hashes: Float64Array.from(hashes) };
    });
    this.sentences.push(split);
  }

  /** Takes a report out of the index (its postings are dropped; its slot stays, empty). */
  remove(id: string): void {
    const n = this.byId.get(id);
    if (n === undefined) return;
    for (const sec of this.sentences[n]) {
      if (!sec) continue;
      for (const hash of sec.hashes) {
        const p = this.postings.get(hash);
        if (!p) continue;
        const kept = p.filter((x) => Math.floor(x / DOC_BITS) !== n);
        if (kept.length) this.postings.set(hash, kept); else this.postings.delete(hash);
      }
    }
    this.sentences[n] = [];
    this.byId.delete(id);
  }

  /**
   * The duplication of the report `id` (already added): against the same unit's report of the year before
   * and against other units' reports of the same year. `maxMatches` bounds the side-by-side list.
   */
  check(id: string, maxMatches = 200): DuplicationResult {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`report ${id} is not in the index`);
    const doc = this.docs[n];
    const sections: SectionDuplication[] = [];
    const matches: DuplicationMatch[] = [];
    let allChars = 0, allLast = 0, allOthers = 0, allTotal = 0;
    SECTION_KEYS.forEach((section, si) => {
      const sec = this.sentences[n][si];
      let chars = 0, last = 0, others = 0, total = 0;
      const count = sec ? sec.hashes.length : 0;
      for (let i = 0; i < count; i++) {
        const len = sec!.lengths[i];
        if (len < MIN_SENTENCE) continue;
        chars += len;
        let fromLast = -1, fromOther = -1, otherCount = 0;
        for (const p of this.postings.get(sec!.hashes[i]) ?? []) {
          const d = Math.floor(p / DOC_BITS);
          if (d === n) continue;
          const other = this.docs[d];
          if (other.unitId === doc.unitId && other.year === doc.year - 1) { if (fromLast < 0) fromLast = p; } else if (other.unitId !== doc.unitId && other.year === doc.year) { if (fromOther < 0) fromOther = p; otherCount++; }
        }
        if (fromLast >= 0) last += len;
        if (fromOther >= 0) others += len;
        if (fromLast < 0 && fromOther < 0) continue;
        total += len;
        if (matches.length >= maxMatches) continue;
        const p = fromLast >= 0 ? fromLast : fromOther;
        const d = Math.floor(p / DOC_BITS);
        const srcSection = Math.floor((p % DOC_BITS) / SECTION_BITS);
        const srcSentence = p % SECTION_BITS;
        const src = this.docs[d];
        const srcSec = this.sentences[d][srcSection]!;
        const srcText = src.sections[SECTION_KEYS[srcSection]]!;
        const [s0, s1] = [sec!.starts[i], sec!.ends[i]];
        const [t0, t1] = [srcSec.starts[srcSentence], srcSec.ends[srcSentence]];
        matches.push({
          section,
          sentence: { start: s0, end: s1, text: doc.sections[section]!.slice(s0, s1) },
          source: { id: src.id, unitId: src.unitId, year: src.year, label: src.label, section: SECTION_KEYS[srcSection], text: srcText.slice(t0, t1), start: t0, end: t1, lastYear: fromLast >= 0 },
          others: otherCount,
        });
      }
      sections.push({ section, chars, lastYear: percent(last, chars), others: percent(others, chars), total: percent(total, chars) });
      allChars += chars; allLast += last; allOthers += others; allTotal += total;
    });
    return { id, sections, lastYear: percent(allLast, allChars), others: percent(allOthers, allChars), total: percent(allTotal, allChars), matches };
  }
}

export interface DuplicationThresholds {
  /** At or above: shown as a warning to the reviewer. */
  warnPercent: number;
  /** At or above: the reviewer is advised to return the report. */
  returnPercent: number;
}

export type DuplicationLevel = 'ok' | 'warn' | 'return';

export function duplicationLevel(totalPercent: number, t: DuplicationThresholds): DuplicationLevel {
  if (totalPercent >= t.returnPercent) return 'return';
  if (totalPercent >= t.warnPercent) return 'warn';
  return 'ok';
}

/**
 * The naive baseline the benchmark compares with: the report against every other one, pairwise, each
 * pair's sentences put in a set. Same answer for `total`, quadratic over a campaign.
 */
export function naiveDuplicationPercent(doc: DuplicationDoc, others: readonly DuplicationDoc[]): number {
  let chars = 0, repeated = 0;
  const mine: string[] = [];
  for (const section of SECTION_KEYS) for (const s of splitSentences(doc.sections[section] ?? '')) if (s.norm.length >= MIN_SENTENCE) mine.push(s.norm);
  const found = new Set<string>();
  for (const o of others) {
    if (o.id === doc.id) continue;
    const sameUnitLastYear = o.unitId === doc.unitId && o.year === doc.year - 1;
    const otherUnitSameYear = o.unitId !== doc.unitId && o.year === doc.year;
    if (!sameUnitLastYear && !otherUnitSameYear) continue;
    const theirs = new Set<string>();
    for (const section of SECTION_KEYS) for (const s of splitSentences(o.sections[section] ?? '')) theirs.add(s.norm);
    for (const m of mine) if (theirs.has(m)) found.add(m);
  }
  for (const m of mine) { chars += m.length; if (found.has(m)) repeated += m.length; }
  return percent(repeated, chars);
}
