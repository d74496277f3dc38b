/**
 * The review areas of the weekly deck (slides 5 to 11), in the order the meeting takes them: which report sections
 * each covers, the charts that can carry its point (the first one the report has is shown) and who it concerns. A
 * new capability's part names its area here. A preset is a list.
 */
export interface ReviewArea {
  id: string;
  title: string;
  sections: string[];
  charts: string[];
}

export const REVIEW_AREAS: ReviewArea[] = [
  { id: 'quality', title: 'Quality gates and the latest evaluation', sections: ['quality'], charts: ['quality.trend'] },
  { id: 'experiments', title: 'Experiments and their decisions', sections: ['experiments'], charts: ['experiment.lifts.'] },
  {
    id: 'drift',
    title: 'Drift and monitoring',
    sections: ['monitoring', 'drift'],
    charts: ['drift.intent_shares', 'monitoring.'],
  },
  { id: 'cost', title: 'Cost and its drivers', sections: ['cost'], charts: ['cost.daily_spikes', 'cost.daily_by_intent', 'cost.'] },
  { id: 'errors', title: 'Errors and feedback', sections: ['errors'], charts: ['feedback.trend'] },
  { id: 'human', title: 'Human evaluation', sections: ['human'], charts: ['human.trend'] },
  { id: 'retrieval', title: 'Retrieval', sections: ['retrieval'], charts: ['retrieval.production_trend_chart', 'retrieval.'] },
];
