import { describe, expect, it } from 'vitest';
import { validateAnnotations } from '../src/analysis/annotationSchema';

const good = {
  sample_id: 'S1',
  annotator_id: 'ann-01',
  factual_correctness: '4',
  helpfulness: '5',
  tone_appropriateness: '4',
  format_quality: '3',
  purchase_likelihood: 'yes',
  failure_category: '',
};

describe('validateAnnotations', () => {
  it('accepts rows that follow the schema and reads them', () => {
    const r = validateAnnotations(
      [
        { line: 2, values: good },
        { line: 3, values: { ...good, annotator_id: 'ann-02', purchase_likelihood: 'No', failure_category: 'Hallucination' } },
      ],
      new Set(['S1']),
    );
    expect(r.issues).toEqual([]);
    expect(r.annotations[0]).toEqual({
      line: 2,
      sampleId: 'S1',
      annotatorId: 'ann-01',
      scores: { factual_correctness: 4, helpfulness: 5, tone_appropriateness: 4, format_quality: 3 },
      purchaseLikelihood: true,
      failureCategory: 'none',
    });
    expect(r.annotations[1]).toMatchObject({ purchaseLikelihood: false, failureCategory: 'hallucination' });
  });

  it('rejects out-of-range scores, unknown sample ids, bad categories and repeated annotations with their line numbers', () => {
    const r = validateAnnotations(
      [
        { line: 2, values: { ...good, helpfulness: '6' } },
        { line: 3, values: { ...good, sample_id: 'S999' } },
        { line: 4, values: { ...good, format_quality: '3.5', failure_category: 'vibes', purchase_likelihood: 'maybe' } },
        { line: 5, values: good },
        { line: 6, values: good },
        { line: 7, values: { ...good, annotator_id: '', factual_correctness: undefined } },
      ],
      new Set(['S1']),
    );
    expect(r.issues).toEqual([
      { line: 2, field: 'helpfulness', problem: 'must be a whole number from 1 to 5, got "6"' },
      { line: 3, field: 'sample_id', problem: '"S999" is not in the exported sample' },
      { line: 4, field: 'format_quality', problem: 'must be a whole number from 1 to 5, got "3.5"' },
      { line: 4, field: 'purchase_likelihood', problem: 'must be yes or no, got "maybe"' },
      {
        line: 4,
        field: 'failure_category',
        problem: expect.stringMatching(/^must be empty, none or one of wrong_intent, .*, got "vibes"$/),
      },
      { line: 4, field: 'annotator_id', problem: 'ann-01 already annotated S1 on line 2' },
      { line: 5, field: 'annotator_id', problem: 'ann-01 already annotated S1 on line 2' },
      { line: 6, field: 'annotator_id', problem: 'ann-01 already annotated S1 on line 2' },
      { line: 7, field: 'annotator_id', problem: 'is empty' },
      { line: 7, field: 'factual_correctness', problem: 'must be a whole number from 1 to 5, got ""' },
    ]);
    // A repeat counts even when the first row of the pair was itself rejected: the file holds the pair twice.
    expect(r.annotations).toEqual([]);
  });
});
