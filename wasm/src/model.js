// The model lifecycle (core/lethe/model/): a model trained once on the user's rows,
// asked to forget ids as deletion requests arrive (each answered with a certificate
// and a decision), retrained when the budget says so, and saved as the bytes of a
// .lethe file, the same format the native `lethe` tool reads and writes. The file
// lives in memory (a MemoryVolume in wasm); save() hands out its bytes and
// loadModel() takes them back. The family options, their defaults, ranges and docs
// are the core's (modelFamilies()); nothing here repeats them. See
// wasm/types/model.d.ts for the shapes. Arguments are checked (checks.js) before
// they reach the core; a refused call changes nothing.
import { CoreObject, forward, live } from './core-object.js';
import * as check from './checks.js';
import { optionTables } from './options.js';

/** The caller's clock: seconds since 1970. */
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A model and its file, held in wasm memory: call dispose() when done. */
class LetheModel extends CoreObject {
  constructor(handle) {
    super('LetheModel', handle);
  }

  /** Forgets the rows with these ids as one request; see ModelForgetResult. */
  forget(ids, options) {
    const model = this[live]('forget');
    const fn = 'LetheModel.forget';
    check.ids(fn, 'ids', ids);
    // requestId, autoRetrain and check take the core's defaults (model_forget).
    const { now = nowSeconds(), ...request } = check.checkOptions(fn, options, optionTables.ModelForgetOptions);
    return model.forget(Array.from(ids), request, now);
  }
  /** Retrains from scratch on the rows held (a request of kind 'retrain'). */
  retrain(options) {
    const model = this[live]('retrain');
    const { now = nowSeconds(), ...request } = check.checkOptions(
      'LetheModel.retrain',
      options,
      optionTables.ModelRetrainOptions,
    );
    return model.retrain(request, now);
  }
  /** Predictions at inputs x: rows, or row-major numbers with the model's feature count per row. */
  predict(x) {
    const model = this[live]('predict');
    const { flat } = check.matrix('LetheModel.predict', 'x', x, model.featureCount());
    return model.predict(flat);
  }
  /**
   * Retrains a reference model now and measures the distance to it; with `audit`, audits
   * forgotten rows; with `heldOut` too, the canary audit against rows never trained on,
   * and with `shadows` (K ≥ 2) its likelihood-ratio form on K shadow models.
   */
  verify(options) {
    const model = this[live]('verify');
    const fn = 'LetheModel.verify';
    const { audit, heldOut, shadows } = check.checkOptions(fn, options, optionTables.ModelVerifyOptions);
    const rows = (name, r, ids) => ({
      x: check.matrix(fn, `${name}.x`, r.x, model.featureCount()).flat,
      y: Array.from(r.y),
      ...(ids ? { ids: Array.from(r.ids) } : {}),
    });
    return model.verify(
      audit === undefined ? null : rows('audit', audit, true),
      heldOut === undefined ? null : rows('heldOut', heldOut, false),
      shadows ?? 0,
    );
  }
}
forward(LetheModel, { methods: ['status', 'score', 'save'] });

export function modelApi(core) {
  return {
    /** Trains a model of a family on rows (x, y or labels); see TrainModelArgs. */
    train(args) {
      const fn = 'train';
      const {
        x,
        features,
        now = nowSeconds(),
        ...rest
      } = check.checkOptions(fn, args, optionTables.TrainModelArgs, {
        parameter: 'args',
      });
      const matrix = check.matrix(fn, 'x', x, features ?? null);
      const copy = (v) => (v === undefined ? undefined : Array.from(v));
      return new LetheModel(
        core.LetheModel.train({
          ...rest,
          x: matrix.flat,
          features: matrix.columns,
          y: copy(rest.y),
          labels: copy(rest.labels),
          ids: copy(rest.ids),
          now,
        }),
      );
    },
    /** Opens the bytes of a .lethe model file (written by save() or by the native tool). */
    loadModel(bytes) {
      if (!(bytes instanceof Uint8Array)) check.fail('loadModel', 'bytes', 'must be a Uint8Array', check.shown(bytes));
      return new LetheModel(core.LetheModel.load(bytes));
    },
    /** The families with their options as the core describes them. */
    modelFamilies: () => core.modelFamilies(),
    /** Guo et al.'s MNIST settings of certified removal, as the core states them. */
    certifiedPaperSettings: () => core.certifiedPaperSettings(),
  };
}
