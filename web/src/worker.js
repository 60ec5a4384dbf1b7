// The compute worker of the demo page and of the embeddable element (whose build
// makes it web/dist/lethe-worker.js, the one file that holds the wasm).
import { serve } from './compute.js';

serve(self);
