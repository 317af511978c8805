/** The payer system: Da Vinci PAS $submit/$inquire. (placeholder: being built) */
import type { SystemFactory } from '../core/engine.js';

export const createPayer: SystemFactory = () => ({ name: 'payer', routes: [] });
