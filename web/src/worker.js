// The page's compute worker (the embeddable element starts itself as its worker instead).
import { serve } from './compute.js';

serve(self);
