/**
 * The one way into faker: its generator and the English locale. The package build bundles this
 * module (tsup.config.ts), so the published package carries the ~0.5 MB of faker it uses
 * instead of depending on all of it (~4 MB, every locale).
 */
export { Faker, en } from '@faker-js/faker';
