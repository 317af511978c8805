/** Every persona's chart recipe, keyed by persona id: the compiler checks one per entry of PERSONAS. */
import type { PersonaId } from '../../contracts/personas.js';
import { LUMBAR_MRI_CHARTS } from './lumbar-mri.js';
import { POLYSOMNOGRAPHY_CHARTS } from './polysomnography.js';
import type { ChartRecipe } from './recipe.js';
import { SEMAGLUTIDE_CHARTS } from './semaglutide.js';
import { TOTAL_KNEE_CHARTS } from './total-knee.js';

export const CHART_RECIPES = {
  ...LUMBAR_MRI_CHARTS, ...TOTAL_KNEE_CHARTS, ...POLYSOMNOGRAPHY_CHARTS, ...SEMAGLUTIDE_CHARTS,
} satisfies Record<PersonaId, ChartRecipe>;
