/** The shape of a persona's chart recipe: a function that adds resources to a ChartBuilder. */
import type { ChartBuilder } from '../chart-builder.js';
import type { PersonaId } from '../../contracts/personas.js';

export type ChartRecipe = (c: ChartBuilder) => void;
export type ChartRecipes = Partial<Record<PersonaId, ChartRecipe>>;

/** "Ms. Rivera, a 54-year-old", for the opening line of a note. */
export function intro(c: ChartBuilder): string {
  return `${c.who.title} ${c.who.family}, a ${c.who.age}-year-old patient,`;
}
