#!/usr/bin/env node
// Entry for the `prior-auth-sim` bin: runs the compiled CLI (`npm run build` makes dist/ in a clone of the repository).
try {
  await import('../dist/src/cli.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli.js')) {
    console.error('prior-auth-sim: the compiled CLI is missing: run `npm run build` first (or `npm run cli -- <command>` to run the sources)');
    process.exit(1);
  }
  throw err;
}
