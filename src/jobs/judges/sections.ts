import type { PassAgreement } from '../../analysis/judgeReliability';
import type { Finding, ReportTable, Section } from '../report';
import type { JudgeRecord } from './types';

const two = (x: number | null) => (x === null ? 'not computed' : x.toFixed(2));

function passRow(check: string, p: PassAgreement | null, deterministic: boolean) {
  if (!p) return { check, items: null, changed: null, agreement: null, kappa: null, note: 'not measured' };
  const note = deterministic ? 'the rule set is deterministic: 1 by design' : (p.note ?? '');
  return { check, items: p.n, changed: p.changed, agreement: p.agreement, kappa: p.kappa, note };
}

/** The judge's record as a table: agreement with humans, retest and order. */
function recordTable(r: JudgeRecord): ReportTable {
  const rel = r.reliability;
  return {
    id: 'judge.record',
    title: `Reliability of ${r.judge} (${r.modelId}, ${r.deterministic ? 'rules' : 'prompt'} v${r.promptVersion})`,
    columns: [
      { key: 'check', label: 'Check' },
      { key: 'items', label: 'Items', format: 'integer' },
      { key: 'changed', label: 'Disagreements', format: 'integer' },
      { key: 'agreement', label: 'Agreement', format: 'percent' },
      { key: 'kappa', label: "Cohen's kappa", format: 'number' },
      { key: 'note', label: 'Note' },
    ],
    rows: [
      {
        check: `against the humans (${r.sample.labels})`,
        items: rel.answered,
        changed: rel.agreement === null ? null : Math.round(rel.answered * (1 - rel.agreement)),
        agreement: rel.agreement,
        kappa: rel.kappa,
        note: rel.interval
          ? `95% interval ${rel.interval.lower.toFixed(2)} to ${rel.interval.upper.toFixed(2)} (percentile bootstrap over items)`
          : '',
      },
      passRow('test-retest (the same items again)', rel.retest, r.deterministic),
      passRow('order (the same items shuffled)', rel.order, r.deterministic),
    ],
    notes: [
      `${r.sample.items} turns between ${r.sample.window.from} and ${r.sample.window.to} with a human failure category. ${rel.reason}.`,
      ...r.sample.notes,
      ...rel.notes,
    ],
  };
}

/** The rule set's record, rule by rule: which rules the humans agree with, and what no signal could place. */
function rulesTable(r: JudgeRecord): ReportTable[] {
  if (!r.rules) return [];
  const u = r.rules.unplaced;
  return [
    {
      id: 'judge.rules',
      title: 'Which rules agree with the humans',
      columns: [
        { key: 'rule', label: 'Rule' },
        { key: 'category', label: 'Category' },
        { key: 'turns', label: 'Turns', format: 'integer' },
        { key: 'agreed', label: 'Humans agree', format: 'integer' },
        { key: 'share', label: 'Share', format: 'percent' },
      ],
      rows: r.rules.byRule.map((x) => ({ ...x, share: x.turns ? x.agreed / x.turns : null })),
      notes: [
        u.turns === 0
          ? 'Every turn of the sample carried a signal a rule reads.'
          : `${u.turns} of the ${r.sample.items} turns carry no signal a rule reads. The humans spread them over ${u.categories} categories, the largest (${u.top}) taking ${u.topTurns} (${((100 * u.topTurns) / u.turns).toFixed(0)}%): no signal rule can place them, and a learned intent prior is adopted only where one category stands out from chance (docs/errors.md).`,
      ],
    },
  ];
}

function selfPreferenceFinding(r: JudgeRecord): Finding {
  const s = r.reliability.selfPreference;
  const models = r.responderModels.join(', ') || 'none recorded';
  if (r.deterministic || !r.sameFamily || !s)
    return {
      id: 'judge.self_preference',
      severity: 'info',
      metric: 'self_preference',
      value: null,
      message: r.deterministic
        ? 'Self-preference does not apply: the rule set is not a model.'
        : `Self-preference not checked: the judge ${r.modelId} shares no model family with the responders of the sample (${models}).`,
    };
  return {
    id: 'judge.self_preference',
    severity: s.flagged ? 'warning' : 'info',
    metric: 'self_preference',
    value: s.estimate,
    message: `The judge ${r.modelId} is of the same model family as the responders (${models}), so it may favour their answers. Check: the share of turns it blames on the answer itself (hallucination, unhelpful tone, missing information, format) is ${(Math.abs(s.estimate) * 100).toFixed(1)} percentage points ${s.estimate <= 0 ? 'below' : 'above'} the humans' share (McNemar exact p ${s.pValue.toPrecision(2)}): ${s.flagged ? 'self-preference is likely; read its categories with that in mind.' : 'no self-preference detected at this sample size.'}`,
  };
}

/** The section of `mangalab judge check`: the trust verdict, the record and the self-preference check. */
export function judgeSection(r: JudgeRecord): Section {
  const rel = r.reliability;
  const cost = r.cost
    ? ` The three passes took ${r.cost.calls} Bedrock calls (${r.cost.cachedTurns} turns from the cache) for $${r.cost.spentUsd.toFixed(3)}.`
    : '';
  return {
    id: 'judge',
    title: `Judge record: ${r.judge}`,
    findings: [
      {
        id: 'judge.trust',
        severity: rel.trusted ? 'info' : 'warning',
        metric: rel.trustMeasure === 'kappa' ? 'kappa' : 'weighted_kappa',
        value: rel.trustMeasure === 'kappa' ? rel.kappa : rel.weightedKappa,
        threshold: rel.floor,
        message: `${r.judge} (${r.modelId}) is ${rel.trusted ? 'trusted' : 'not trusted'}: its ${rel.trustMeasure} against the human failure categories is ${two(rel.trustMeasure === 'kappa' ? rel.kappa : rel.weightedKappa)} on ${rel.answered} turns (floor ${rel.floor}); agreement ${rel.agreement === null ? 'not computed' : `${(rel.agreement * 100).toFixed(1)}%`}.${rel.trusted ? '' : ' Its results are shown marked "judge not trusted" and no gate reads them.'}${cost}`,
      },
      selfPreferenceFinding(r),
    ],
    tables: [recordTable(r), ...rulesTable(r)],
    charts: [],
  };
}
