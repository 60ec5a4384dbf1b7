// Seconds counted on the main thread while the worker is inside one long wasm
// call (learning or retraining on 10⁴–10⁵ points), which cannot report progress
// itself: the progress line then reads "Learning q(θ|D) on 10000 points… 4 s".

const TICK_MS = 250;

/** A ticker that appends the elapsed seconds to `el`'s text until stopped or restarted. */
export function elapsedTicker(el) {
  let timer = null;
  const stop = () => {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
  return {
    start(text) {
      stop();
      const t0 = performance.now();
      timer = setInterval(() => {
        if (!el.isConnected) {
          stop();
          return;
        }
        el.textContent = `${text} ${Math.floor((performance.now() - t0) / 1000)} s`;
      }, TICK_MS);
    },
    stop,
  };
}
