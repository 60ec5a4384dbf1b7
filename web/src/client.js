// Main-thread side of the compute worker. Every request is a job with an id;
// the worker reports progress and a result or an error. Jobs on the same
// channel supersede each other: starting a new one cancels the stale one, whose
// promise then rejects with a Cancelled error that callers may ignore.
// The client is an EventTarget: 'activity' fires whenever the set of live jobs
// or of cancels the worker has not yet acknowledged changes, so a panel can
// show what is running (and tests can wait for it instead of sleeping).

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

// A cancelled job that is inside one long wasm call cannot see the cancel
// message; if the worker has not let go of it after this long, the worker is
// replaced (tasks rebuild their caches from their arguments) and the jobs
// queued behind it are sent again.
const HARD_CANCEL_MS = 600;

export class ComputeClient extends EventTarget {
  #spawn;
  #worker = null;
  #jobs = new Map(); // id → {resolve, reject, onProgress, channel, task, args}
  #channels = new Map(); // channel → id of its live job
  #stuck = new Map(); // cancelled id → timer, until the worker acknowledges
  #nextId = 1;
  #disposed = false;
  #paused = false;
  #paceMs = 0;

  /** @param {() => Worker} spawn creates a worker running compute.js's serve(). */
  constructor(spawn) {
    super();
    this.#spawn = spawn;
  }

  /** The tasks of the live jobs (a task once per job), in the order they started. */
  get liveTasks() {
    return [...this.#jobs.values()].map((job) => job.task);
  }

  /**
   * Cancelled jobs the worker has not let go of yet. While any is left a
   * cancelled computation may still be running; once none is, no late result
   * of a cancelled job can arrive.
   */
  get pendingCancels() {
    return this.#stuck.size;
  }

  #changed() {
    this.dispatchEvent(new Event('activity'));
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    const w = this.#spawn();
    w.onmessage = (e) => this.#onMessage(e.data);
    if (this.#paused) w.postMessage({ type: 'pause' });
    if (this.#paceMs) w.postMessage({ type: 'pace', ms: this.#paceMs });
    w.onerror = (e) => {
      // A worker that fails to start fails every pending job with the reason.
      const err = new Error(`compute worker failed: ${e.message || 'unknown error'}`);
      for (const job of this.#jobs.values()) job.reject(err);
      this.#jobs.clear();
      this.#channels.clear();
      this.#changed();
      e.preventDefault?.();
    };
    this.#worker = w;
    return w;
  }

  #onMessage(msg) {
    if (msg.type !== 'progress' && this.#stuck.has(msg.id)) {
      clearTimeout(this.#stuck.get(msg.id));
      this.#stuck.delete(msg.id);
      this.#changed();
    }
    const job = this.#jobs.get(msg.id);
    if (!job) return; // cancelled or unknown: a late message is dropped
    if (msg.type === 'progress') {
      job.onProgress?.(msg.value, msg.detail);
      return;
    }
    this.#finish(msg.id, job);
    if (msg.type === 'done') job.resolve(msg.result);
    else if (msg.type === 'cancelled') job.reject(new Cancelled());
    else job.reject(Object.assign(new Error(msg.message), { name: msg.name || 'Error' }));
  }

  #finish(id, job) {
    this.#jobs.delete(id);
    if (job.channel && this.#channels.get(job.channel) === id) this.#channels.delete(job.channel);
    this.#changed();
  }

  /**
   * Runs `task` in the worker. Options: channel (a new job on the channel cancels
   * the previous one), onProgress(value in [0,1], detail).
   * Returns a promise with an extra cancel() method.
   */
  run(task, args = {}, { channel = null, onProgress = null } = {}) {
    if (this.#disposed) {
      const p = Promise.reject(new Cancelled());
      p.cancel = () => false;
      return p;
    }
    const worker = this.#ensureWorker();
    if (channel && this.#channels.has(channel)) this.cancel(this.#channels.get(channel));
    const id = this.#nextId++;
    let resolve, reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#jobs.set(id, { resolve, reject, onProgress, channel, task, args });
    if (channel) this.#channels.set(channel, id);
    worker.postMessage({ type: 'run', id, task, args });
    this.#changed();
    promise.cancel = () => this.cancel(id);
    promise.id = id;
    return promise;
  }

  /** Cancels a job now (its promise rejects with Cancelled); the worker stops at its next checkpoint. */
  cancel(id) {
    const job = this.#jobs.get(id);
    if (!job) return false;
    // Recorded as pending before it leaves the live set: no 'activity' event
    // shows a moment where a cancelled job is neither live nor pending.
    if (this.#worker) {
      this.#worker.postMessage({ type: 'cancel', id });
      this.#stuck.set(
        id,
        setTimeout(() => this.#replaceWorker(), HARD_CANCEL_MS),
      );
    }
    this.#finish(id, job);
    job.reject(new Cancelled());
    return true;
  }

  /** Terminates a worker stuck in a cancelled job and resends the live jobs to a fresh one. */
  #replaceWorker() {
    for (const t of this.#stuck.values()) clearTimeout(t);
    this.#stuck.clear();
    this.#worker?.terminate();
    this.#worker = null;
    this.restarts = (this.restarts ?? 0) + 1;
    this.#changed();
    if (!this.#jobs.size) return;
    const w = this.#ensureWorker();
    for (const [id, job] of this.#jobs) w.postMessage({ type: 'run', id, task: job.task, args: job.args });
  }

  /**
   * Holds every job at its next step (the worker keeps its state) until
   * resume(): an embedded demo scrolled out of view stops using the CPU.
   * Cancels still take effect while paused.
   */
  pause() {
    this.#setPaused(true);
  }

  resume() {
    this.#setPaused(false);
  }

  get paused() {
    return this.#paused;
  }

  /** Slow motion: the worker waits `ms` at every step of every job (0: full speed); steps are not timed. */
  pace(ms) {
    this.#paceMs = ms;
    this.#worker?.postMessage({ type: 'pace', ms });
  }

  #setPaused(on) {
    if (this.#paused === on) return;
    this.#paused = on;
    this.#worker?.postMessage({ type: on ? 'pause' : 'resume' });
    this.#changed();
  }

  cancelChannel(channel) {
    const id = this.#channels.get(channel);
    return id !== undefined && this.cancel(id);
  }

  isBusy(channel) {
    return this.#channels.has(channel);
  }

  dispose() {
    this.#disposed = true;
    for (const id of [...this.#jobs.keys()]) this.cancel(id);
    for (const t of this.#stuck.values()) clearTimeout(t);
    this.#stuck.clear();
    this.#worker?.terminate();
    this.#worker = null;
    this.#changed();
  }
}

/** Swallows Cancelled rejections; anything else is rethrown. */
export function ignoreCancelled(err) {
  if (err instanceof Cancelled || err?.name === 'Cancelled') return undefined;
  throw err;
}
