// Forgetting against retraining on the same data, for the read-outs: both
// times side by side and how many times faster the cheaper one was — said in
// words when it is retraining, as it is for small data.
import { fmt } from './plot.js';

/** "0.084 s / 4.27 s": forgetting, then retraining. */
export function timesText(forgetSeconds, retrainSeconds) {
  return `${fmt(forgetSeconds, 2)} s / ${fmt(retrainSeconds, 2)} s`;
}

/** 51.3 → "51", 2.46 → "2.5". */
const ratioText = (r) => (r >= 10 ? String(Math.round(r)) : r.toFixed(1));

/**
 * The speedup retrain ÷ forget and its sentence. `ratio` is undefined when a
 * time is missing (nothing measured yet, or a time too small to divide by).
 */
export function speedup(forgetSeconds, retrainSeconds) {
  if (!(forgetSeconds > 0) || !(retrainSeconds > 0)) return { ratio: undefined, text: '–', cheaper: null };
  const ratio = retrainSeconds / forgetSeconds;
  if (ratio >= 1)
    return { ratio, text: `forgetting is ${ratioText(ratio)}× faster than retraining`, cheaper: 'forgetting' };
  return {
    ratio,
    text: `retraining is cheaper here: ${ratioText(1 / ratio)}× faster than forgetting`,
    cheaper: 'retraining',
  };
}

/** Writes both read-outs: `timesEl` gets the times, `speedupEl` the sentence, each with its numbers in data-*. */
export function showSpeedup(timesEl, speedupEl, forgetSeconds, retrainSeconds) {
  const s = speedup(forgetSeconds, retrainSeconds);
  timesEl.textContent = timesText(forgetSeconds, retrainSeconds);
  timesEl.dataset.forget = String(forgetSeconds);
  timesEl.dataset.retrain = String(retrainSeconds);
  speedupEl.textContent = s.text;
  if (s.ratio === undefined) delete speedupEl.dataset.value;
  else speedupEl.dataset.value = String(s.ratio);
  if (s.cheaper) speedupEl.dataset.cheaper = s.cheaper;
  else delete speedupEl.dataset.cheaper;
}

/** Empties both read-outs. */
export function clearSpeedup(timesEl, speedupEl) {
  timesEl.textContent = '–';
  speedupEl.textContent = '–';
  for (const k of ['forget', 'retrain']) delete timesEl.dataset[k];
  for (const k of ['value', 'cheaper']) delete speedupEl.dataset[k];
}
