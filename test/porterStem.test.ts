import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { porterStem } from '../src/analysis/porterStem';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
const nltkStems = (words: string[]): string[] =>
  JSON.parse(
    execFileSync(python, ['test/reference/eval_reference.py', 'stem'], { input: JSON.stringify(words), encoding: 'utf8' }),
  ) as string[];

// Words that exercise each rule of the algorithm and each of NLTK's departures from it.
const RULE_WORDS = `caresses ponies ties caress cats feed agreed disabled matting mating meeting milling messing meetings
  happy enjoy sky skies dying lying tying news innings outings cannings howe proceed exceed succeed dies flies died spied
  relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli
  vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti
  triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic
  adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti
  homologous effective bowdlerize probate rate cease controll roll generalizations oscillators hopefulli geology
  theology archaeology doubly fully are eve ice ore use sprinting hopping falling buzzing hissing filing failing
  bled sing spying agreement ed ing y ys is as us oed`
  .split(/\s+/)
  .filter(Boolean);

describe('porterStem', () => {
  it('stems every rule word as NLTK PorterStemmer() does', () => {
    // Expected values: nltk.stem.porter.PorterStemmer() (NLTK 3.8, Debian python3-nltk), default NLTK_EXTENSIONS mode.
    expect(RULE_WORDS.map(porterStem)).toEqual(nltkStems(RULE_WORDS));
  });

  it("stems every word of this repository's documentation as NLTK does", () => {
    const text = ['README.md', ...readdirSync('docs').map((f) => `docs/${f}`)].map((f) => readFileSync(f, 'utf8')).join(' ');
    const words = [
      ...new Set(
        text
          .toLowerCase()
          .split(/[^a-z]+/)
          .filter((w) => w.length > 0),
      ),
    ].sort();
    expect(words.length).toBeGreaterThan(1000);
    const expected = nltkStems(words);
    const mismatches = words.map((w, i) => [w, porterStem(w), expected[i]]).filter(([, a, b]) => a !== b);
    expect(mismatches).toEqual([]);
  });

  it('lower-cases, and leaves words of one or two letters alone', () => {
    expect(porterStem('Running')).toBe('run');
    expect(porterStem('is')).toBe('is');
    expect(porterStem('')).toBe('');
  });
});
