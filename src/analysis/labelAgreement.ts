import { cohenKappa, type CohenKappaOptions } from './cohenKappa';

/** How two labellings of the same items agree, over the items both labelled. */
export interface LabelAgreement {
  /** Items both labelled (a null label is no label). */
  n: number;
  /** Of them, items given different labels. */
  changed: number;
  /** Share given the same label; null with no item. */
  agreement: number | null;
  /** Cohen's kappa (weighted as asked); null when undefined, and `note` says why. */
  kappa: number | null;
  note?: string;
}

/**
 * Agreement of two labellings of the same items, in order: the share of items given the same label and Cohen's
 * kappa (cohenKappa, as scikit-learn's `cohen_kappa_score`), over the items both labelled. Where kappa is undefined
 * (no item, or one label throughout) it is null and the note gives the reason, so a report can say so.
 * Reference: https://scikit-learn.org/stable/modules/generated/sklearn.metrics.cohen_kappa_score.html
 *
 * @throws RangeError for labellings of different lengths.
 * @example
 * labelAgreement(['a', 'b', null, 'a'], ['a', 'a', 'b', 'a']).agreement // => 0.6666666666666666
 */
export function labelAgreement<L extends string | number>(
  a: readonly (L | null)[],
  b: readonly (L | null)[],
  options: CohenKappaOptions = {},
): LabelAgreement {
  if (a.length !== b.length) throw new RangeError(`${a.length} and ${b.length} labels: the two labellings must cover the same items`);
  const x: L[] = [];
  const y: L[] = [];
  a.forEach((l, i) => {
    const m = b[i];
    if (l !== null && m !== null && m !== undefined) {
      x.push(l);
      y.push(m);
    }
  });
  if (x.length === 0) return { n: 0, changed: 0, agreement: null, kappa: null, note: 'no item was labelled by both' };
  const changed = x.filter((l, i) => l !== y[i]).length;
  const agreement = 1 - changed / x.length;
  try {
    return { n: x.length, changed, agreement, kappa: cohenKappa(x, y, options) };
  } catch (e) {
    return { n: x.length, changed, agreement, kappa: null, note: (e as Error).message };
  }
}
