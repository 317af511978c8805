/**
 * A faker generator reused from one chart to the next instead of built for each: constructing a
 * `Faker` (binding every module to the locale) costs about as much as three of a chart's draws,
 * and a simulator builds fourteen of them (the panel and one per persona) every time it starts,
 * which a chaos sweep does once per run. `seed` resets all of its random state and
 * `setDefaultRefDate` its reference date, so a reseeded instance draws exactly what a new one
 * seeded alike draws (reseeded-faker.test.ts). Each caller keeps an instance of its own, and
 * uses it synchronously, so no reseed can land between another caller's draws.
 */
import { Faker, en } from './faker-en.js';

/** @example const fakerFor = createReseededFaker(); const f = fakerFor(rng.uint32(), now); f.person.firstName(); */
export function createReseededFaker(): (seed: number, refDate: number) => Faker {
  let faker: Faker | undefined;
  return (seed, refDate) => {
    faker ??= new Faker({ locale: [en] });
    faker.seed(seed);
    faker.setDefaultRefDate(new Date(refDate));
    return faker;
  };
}
