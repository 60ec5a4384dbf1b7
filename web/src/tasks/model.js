// Worker tasks of the model file (lethe.train, lethe.loadModel; see
// wasm/types/model.d.ts). Thin: each forwards to the module's model object and frees it.

export const modelTasks = {
  /**
   * The points (x, y) as a 'linear' model file with the rows `forget` forgotten as one
   * request: its bytes (a .lethe file, as `lethe train` + `lethe forget` write) and status.
   */
  'model.save'(lethe, { x, y, forget, requestId }) {
    const model = lethe.train({ family: 'linear', x, features: 1, y });
    try {
      if (forget.length > 0) model.forget(forget, { requestId });
      return { bytes: model.save(), status: model.status() };
    } finally {
      model.dispose();
    }
  },

  /** The status of a model file's bytes (an Error says why a file cannot be read). */
  'model.status'(lethe, { bytes }) {
    const model = lethe.loadModel(bytes);
    try {
      return model.status();
    } finally {
      model.dispose();
    }
  },
};
