#!/usr/bin/env node
// Entry for the `prior-auth-sim` bin: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
