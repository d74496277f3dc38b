/**
 * The common length of two samples' vectors, checked before any detector compares them: at least `min` vectors a
 * side, one length for all, every component a finite number.
 * @throws RangeError naming the sample, the vector and the component for too few vectors, mixed lengths or a
 * non-finite component.
 * @example
 * checkVectors([[1, 2], [3, 4]], [[5, 6], [7, 8]]) // => 2
 */
export function checkVectors(reference: readonly ArrayLike<number>[], current: readonly ArrayLike<number>[], min = 2): number {
  if (reference.length < min || current.length < min)
    throw new RangeError(`need at least ${min} reference and ${min} current vectors, got ${reference.length} and ${current.length}`);
  const dims = reference[0]!.length;
  if (dims === 0) throw new RangeError('vectors have no components');
  for (const [name, xs] of [
    ['reference', reference],
    ['current', current],
  ] as const) {
    xs.forEach((x, i) => {
      if (x.length !== dims) throw new RangeError(`${name}[${i}] has ${x.length} components, the first reference vector ${dims}`);
      for (let d = 0; d < dims; d++)
        if (!Number.isFinite(x[d])) throw new RangeError(`${name}[${i}] component ${d} is not a finite number (${x[d]})`);
    });
  }
  return dims;
}
