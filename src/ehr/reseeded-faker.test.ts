import { describe, expect, it } from '@jest/globals';
import { Faker, en } from './faker-en.js';
import { createReseededFaker } from './reseeded-faker.js';
import { Panel } from './panel.js';
import { Rng } from '../core/rng.js';

// every kind of draw the panel and the charts make
const draws = (f: Faker) => [
  f.person.firstName(), f.person.firstName('female'), f.person.lastName(), f.location.city(), f.location.streetAddress(),
  f.location.state({ abbreviated: true }), f.location.zipCode('#####'), f.string.numeric(8), f.string.numeric({ length: 8, allowLeadingZeros: false }),
  f.date.birthdate({ mode: 'age', min: 30, max: 80 }).toISOString(), f.phone.number({ style: 'national' }), f.helpers.arrayElement(['female', 'male']),
];

describe('createReseededFaker', () => {
  it('draws what a new faker seeded alike draws, whatever was drawn before', () => {
    const fakerFor = createReseededFaker();
    const rng = new Rng('reseeded-faker');
    for (let i = 0; i < 300; i++) {
      const seed = rng.uint32();
      const refDate = Date.UTC(2020, 0, 1) + rng.int(0, 3650) * 86_400_000;
      const fresh = new Faker({ locale: [en] });
      fresh.seed(seed);
      fresh.setDefaultRefDate(new Date(refDate));
      const reused = fakerFor(seed, refDate);
      expect(draws(reused)).toEqual(draws(fresh));
      draws(reused); // leave it used: the next reseed must not depend on it
    }
  });

  it('gives a panel the same data whatever panels were generated before it', () => {
    const now = Date.UTC(2026, 5, 1);
    const people = (p: Panel) => JSON.stringify((['Organization', 'Practitioner', 'Patient'] as const).map((t) => p.all(t)));
    const first = people(new Panel(new Rng('panel-a'), now));
    new Panel(new Rng('panel-b'), now + 86_400_000);
    expect(people(new Panel(new Rng('panel-a'), now))).toBe(first);
    expect(people(new Panel(new Rng('panel-b'), now))).not.toBe(first);
  });
});
