/** Every crash point of the two bundled scenarios with the most (the others: crash-points-2.test.ts). */
import { everyCrashPointSuite } from './every-crash-point.js';

everyCrashPointSuite(0);
