// The heavy half of <lethe-demo>, imported on demand when an element starts:
// the panels, the compute client, autoplay and export. The wasm itself is in
// the worker's file (lethe-worker.js), fetched when the first worker starts.
export { ComputeClient } from '../client.js';
export { PANELS } from '../panels/index.js';
export { startAutoplay } from '../autoplay.js';
export { figureSvg, figurePng, resultJson } from './export.js';
