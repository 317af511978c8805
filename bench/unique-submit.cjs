/**
 * autocannon's setupRequest for unique `$submit`s (a file, because autocannon's worker threads
 * cannot take a function): each request gets a new Idempotency-Key and new business identifiers
 * in the Bundle of BENCH_SUBMIT_TEMPLATE, where `"CLAIM-N"` and `"BUNDLE-N"` stand. autocannon's
 * own `[<id>]` replacement sends a Content-Length that does not match the body it makes.
 */
/* global require, module, process */
// CommonJS: autocannon's workers load this with require()
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { randomBytes } = require('node:crypto');

const template = process.env.BENCH_SUBMIT_TEMPLATE ?? '';
const prefix = randomBytes(6).toString('hex');
let n = 0;

module.exports = function uniqueSubmit(request) {
  const id = `${prefix}-${++n}`;
  request.headers = { ...request.headers, 'idempotency-key': id };
  request.body = template.replace('"CLAIM-N"', `"CLAIM-${id}"`).replace('"BUNDLE-N"', `"BUNDLE-${id}"`);
  return request;
};
