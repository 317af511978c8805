/** Every crash point of the SMART-auth scenarios (bounded for smart-happy-path: see every-crash-point.ts). */
import { everyCrashPointSuite } from './every-crash-point.js';

everyCrashPointSuite(2);
