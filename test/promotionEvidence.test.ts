import { describe, expect, it } from 'vitest';
import { promotionEvidence, type EvidenceRun } from '../src/analysis/promotionEvidence';

// Expected values are worked by hand from the rule in promotionEvidence's TSDoc (there is no reference implementation
// of a registry gate to compare with): a run is evidence when linked or when it ran the version, and approves when it
// is complete, passed and scored the current golden set's content.
const golden = { sha256: 'c'.repeat(64), version: 'golden-v2' };
const run = (id: string, day: number, o: Partial<EvidenceRun> = {}): EvidenceRun => ({
  runId: id,
  createdAt: new Date(Date.UTC(2026, 10, day)),
  datasetSha256: golden.sha256,
  datasetVersion: 'golden-v2',
  intent: null,
  promptVersion: null,
  modelVersion: null,
  complete: true,
  passed: true,
  failedGates: [],
  ...o,
});
const prompt = (version: string, linked: string[] = []) => ({
  kind: 'prompt' as const,
  name: 'recommendation',
  version,
  linkedRunIds: linked,
});

describe('promotionEvidence', () => {
  it('approves on the newest passing run of the version on the current golden set', () => {
    const e = promotionEvidence(
      prompt('2.4'),
      [run('old', 1, { promptVersion: 'v2.4' }), run('new', 9, { promptVersion: '2.4' }), run('other', 10, { promptVersion: '2.3' })],
      golden,
    );
    expect(e.approved).toBe(true);
    expect(e.approvingRun!.runId).toBe('new');
    expect(e.considered.map((c) => c.runId)).toEqual(['new', 'old']);
    expect(e.reason).toBe('run new passed every gate on golden set golden-v2');
  });

  it('says why each run does not approve: incomplete, a failed gate, another golden set', () => {
    const e = promotionEvidence(
      prompt('2.5'),
      [
        run('cut', 3, { promptVersion: '2.5', complete: false, passed: false }),
        run('bad', 4, { promptVersion: '2.5', passed: false, failedGates: ['intent_accuracy', 'format_compliance'] }),
        run('stale', 5, { promptVersion: '2.5', datasetSha256: 'd'.repeat(64), datasetVersion: 'golden-v1' }),
      ],
      golden,
    );
    expect(e.approved).toBe(false);
    expect(e.considered).toEqual([
      {
        runId: 'stale',
        how: 'matched',
        against: `scored golden set golden-v1 (sha256 ${'d'.repeat(12)}), not the current golden-v2 (sha256 ${'c'.repeat(12)})`,
      },
      { runId: 'bad', how: 'matched', against: 'failed intent_accuracy, format_compliance' },
      { runId: 'cut', how: 'matched', against: 'incomplete (predictions were missing)' },
    ]);
    expect(e.reason).toMatch(
      /^no passing run of prompt recommendation 2.5 on golden set golden-v2: 3 runs, the newest stale scored golden set golden-v1/,
    );
  });

  it("counts a prompt run of another intent's subset as no evidence, and a whole-set or same-intent run as evidence", () => {
    const e = promotionEvidence(
      prompt('2.4'),
      [run('faq', 2, { promptVersion: '2.4', intent: 'faq_simple' }), run('mine', 1, { promptVersion: '2.4', intent: 'recommendation' })],
      golden,
    );
    expect(e.considered.map((c) => c.runId)).toEqual(['mine']);
  });

  it('matches a model by its model version, a classifier only by a linked run, and names linked runs the store lacks', () => {
    const runs = [run('m', 2, { modelVersion: 'sonnet-v2.0' }), run('linked', 1)];
    expect(
      promotionEvidence({ kind: 'model', name: 'claude-3.5-sonnet', version: 'sonnet-v2.0', linkedRunIds: [] }, runs, golden).approvingRun!
        .runId,
    ).toBe('m');
    const c = promotionEvidence({ kind: 'classifier', name: 'intent', version: '3.3', linkedRunIds: ['linked'] }, runs, golden);
    expect(c.considered).toEqual([{ runId: 'linked', how: 'linked', against: null }]);
    const none = promotionEvidence({ kind: 'classifier', name: 'intent', version: '3.4', linkedRunIds: ['gone'] }, runs, golden);
    expect(none).toMatchObject({ approved: false, approvingRun: null, considered: [] });
    expect(none.reason).toBe('no stored evaluation run of classifier intent 3.4; 1 linked run is not in the store');
  });

  it('refuses a golden set without a hash', () => {
    expect(() => promotionEvidence(prompt('2.4'), [], { sha256: '', version: 'x' })).toThrow(RangeError);
  });
});
