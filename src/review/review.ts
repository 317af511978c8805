/** The physician review system. (placeholder: being built) */
import type { SystemFactory } from '../core/engine.js';

export const createReview: SystemFactory = () => ({ name: 'review', routes: [] });
