/** Every crash point of the bundled scenarios not in crash-points-1.test.ts. */
import { everyCrashPointSuite } from './every-crash-point.js';

everyCrashPointSuite(1);
