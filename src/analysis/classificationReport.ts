/** Precision, recall and F1 of one class. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Items whose true label is this class. */
  support: number;
}

export interface ClassificationReport {
  labels: string[];
  /** Share of items whose predicted label equals the true one (over every item, listed label or not). */
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  /** Support-weighted mean F1 over the labels. */
  weightedF1: number;
  /**
   * The lowest per-class F1 and its label (US-3.2's min_class_f1 gate), over the labels with support: a class no item
   * truly belongs to (an intent absent from an --intent subset, predicted by mistake) has F1 0 by convention, which
   * says nothing about how well the class is recognised. Over every label when none has support.
   */
  minClassF1: { label: string; f1: number };
  /** Labels with no true item, left out of minClassF1 (they still enter the macro averages, as in scikit-learn). */
  unsupported: string[];
  perClass: Record<string, ClassScores>;
  /** confusion[i][j]: items of true label labels[i] predicted as labels[j]. Items outside `labels` are left out. */
  confusion: number[][];
}

/**
 * Accuracy, per-class precision, recall and F1, their macro averages and the confusion matrix of a classifier's
 * predictions: scikit-learn's `classification_report` / `precision_recall_fscore_support(zero_division=0)` and
 * `confusion_matrix`. A class never predicted has precision 0, a class with no true items has recall 0, and a zero
 * precision and recall give F1 0 (zero_division=0). Without `labels`, the labels are every value in either list,
 * sorted by code unit as scikit-learn's `unique_labels` sorts strings.
 * Reference: https://scikit-learn.org/stable/modules/generated/sklearn.metrics.precision_recall_fscore_support.html
 *
 * @throws RangeError when the lists differ in length or are empty, or `labels` is empty or repeats a label.
 * @example
 * classificationReport(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'c']).perClass.b // => { precision: 0.5, recall: 1, f1: 0.6667 (to 4 places), support: 1 }
 */
export function classificationReport(truth: string[], predicted: string[], labels?: string[]): ClassificationReport {
  if (truth.length !== predicted.length)
    throw new RangeError(`truth has ${truth.length} items and predicted ${predicted.length}: they must pair up`);
  if (truth.length === 0) throw new RangeError('no items to score: truth and predicted are empty');
  const order = labels ?? [...new Set([...truth, ...predicted])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (order.length === 0) throw new RangeError('labels is empty');
  const index = new Map<string, number>();
  order.forEach((l, i) => {
    if (index.has(l)) throw new RangeError(`label ${l} is listed twice`);
    index.set(l, i);
  });
  const k = order.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === predicted[i]) correct += 1;
    const t = index.get(truth[i]!);
    const p = index.get(predicted[i]!);
    if (t !== undefined && p !== undefined) confusion[t]![p]! += 1;
  }
  // Counts per label over every item (a prediction of a listed label against an unlisted truth is still a false
  // positive, as in scikit-learn's multilabel confusion with `labels`).
  const predictedCount = new Array<number>(k).fill(0);
  const trueCount = new Array<number>(k).fill(0);
  const truePositive = new Array<number>(k).fill(0);
  for (let i = 0; i < truth.length; i++) {
    const t = index.get(truth[i]!);
    const p = index.get(predicted[i]!);
    if (t !== undefined) trueCount[t]! += 1;
    if (p !== undefined) predictedCount[p]! += 1;
    if (t !== undefined && t === p) truePositive[t]! += 1;
  }
  const perClass: Record<string, ClassScores> = {};
  let sumP = 0;
  let sumR = 0;
  let sumF = 0;
  let weighted = 0;
  let support = 0;
  let min = { label: order[0]!, f1: Infinity };
  const supported = trueCount.some((n) => n > 0);
  order.forEach((label, i) => {
    const tp = truePositive[i]!;
    const precision = predictedCount[i]! > 0 ? tp / predictedCount[i]! : 0;
    const recall = trueCount[i]! > 0 ? tp / trueCount[i]! : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision, recall, f1, support: trueCount[i]! };
    sumP += precision;
    sumR += recall;
    sumF += f1;
    weighted += f1 * trueCount[i]!;
    support += trueCount[i]!;
    if (f1 < min.f1 && (trueCount[i]! > 0 || !supported)) min = { label, f1 };
  });
  return {
    labels: order,
    accuracy: correct / truth.length,
    macroPrecision: sumP / k,
    macroRecall: sumR / k,
    macroF1: sumF / k,
    weightedF1: support > 0 ? weighted / support : 0,
    minClassF1: min,
    unsupported: order.filter((_, i) => trueCount[i] === 0),
    perClass,
    confusion,
  };
}
