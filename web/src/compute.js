// Worker side: loads the WebAssembly module once and runs named tasks. Long tasks
// are written as loops that call `await ctx.step(fraction, detail)` between
// chunks: that reports progress, yields to the event loop so a 'cancel' message
// can arrive, and throws if the job was cancelled (or superseded). A 'pause'
// message (the embedded element scrolled out of view) holds every job at its
// next step until 'resume'; a job cancelled meanwhile still ends at once.
import { loadLethe } from '../../wasm/index.js';
import { exactTasks } from './tasks/exact.js';
import { dataTasks } from './tasks/data.js';
import { moonsTasks } from './tasks/moons.js';
import { mixtureTasks } from './tasks/mixture.js';
import { bnnTasks } from './tasks/bnn.js';
import { modelTasks } from './tasks/model.js';
import { certifiedTasks } from './tasks/certified.js';

class CancelledInWorker extends Error {}

const TASKS = {
  ...dataTasks,
  ...exactTasks,
  ...moonsTasks,
  ...mixtureTasks,
  ...bnnTasks,
  ...modelTasks,
  ...certifiedTasks,
};

/** Installs the message loop on a worker global scope. */
export function serve(scope) {
  const lethePromise = loadLethe();
  const cancelled = new Set();
  const running = new Set();
  // Jobs that declared themselves background work (ctx.giveWay): they pause
  // between items while any other job runs.
  const background = new Set();
  // Caches shared across tasks (fitted models keyed by their inputs); a task
  // that owns a wasm object must dispose what it evicts.
  const cache = new Map();
  // Yield through a MessageChannel rather than setTimeout(0), which browsers
  // clamp to ≥ 4 ms when nested: a 100-batch loop would lose 0.4 s to it.
  // Messages from the page queued meanwhile (a cancel) run before we resume.
  const channel = new MessageChannel();
  const resumes = [];
  channel.port1.onmessage = () => resumes.shift()?.();
  const yieldNow = () =>
    new Promise((r) => {
      resumes.push(r);
      channel.port2.postMessage(0);
    });
  let paused = false;
  // Slow motion ('pace' message, for autoplay): every step waits this long; 0: full speed.
  let paceMs = 0;
  const sleepers = []; // jobs held by a pause or a pace, woken by 'resume' or by any cancel
  const wakeAll = () => {
    for (const wake of sleepers.splice(0)) wake();
  };
  const whilePaused = async (id) => {
    while (paused && !cancelled.has(id)) await new Promise((r) => sleepers.push(r));
  };
  const paced = (id) =>
    paceMs > 0 && !cancelled.has(id)
      ? new Promise((r) => {
          const t = setTimeout(r, paceMs);
          sleepers.push(() => {
            clearTimeout(t);
            r();
          });
        })
      : undefined;

  scope.onmessage = async (e) => {
    const msg = e.data;
    if (msg.type === 'cancel') {
      // Messages arrive in order, so a job is either running or already finished.
      if (running.has(msg.id)) cancelled.add(msg.id);
      wakeAll();
      return;
    }
    if (msg.type === 'pace') {
      paceMs = Math.max(0, Number(msg.ms) || 0);
      if (!paceMs) wakeAll();
      return;
    }
    if (msg.type === 'pause' || msg.type === 'resume') {
      paused = msg.type === 'pause';
      if (!paused) wakeAll();
      return;
    }
    if (msg.type !== 'run') return;
    const { id, task, args } = msg;
    running.add(id);
    const ctx = {
      cache,
      get cancelled() {
        return cancelled.has(id);
      },
      progress(value, detail) {
        scope.postMessage({ type: 'progress', id, value, detail });
      },
      async step(value, detail) {
        if (value !== undefined) this.progress(value, detail);
        await yieldNow();
        await paced(id);
        await whilePaused(id);
        if (cancelled.has(id)) throw new CancelledInWorker();
      },
      // For background work (prefetching): wait while a foreground job runs. Without
      // it a foreground job that yields once (ctx.step) queues behind the next
      // background item, and an interactive request waits two items, not one.
      async giveWay() {
        background.add(id);
        while ([...running].some((other) => other !== id && !background.has(other))) {
          await yieldNow();
          await whilePaused(id);
          if (cancelled.has(id)) throw new CancelledInWorker();
        }
      },
    };
    try {
      const lethe = await lethePromise;
      const fn = TASKS[task];
      if (!fn) throw new Error(`unknown task '${task}'`);
      if (cancelled.has(id)) throw new CancelledInWorker();
      const result = await fn(lethe, args, ctx);
      scope.postMessage({ type: 'done', id, result });
    } catch (err) {
      if (err instanceof CancelledInWorker) scope.postMessage({ type: 'cancelled', id });
      else scope.postMessage({ type: 'error', id, name: err?.name, message: String(err?.message ?? err) });
    } finally {
      cancelled.delete(id);
      running.delete(id);
      background.delete(id);
    }
  };
}
