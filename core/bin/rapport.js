#!/usr/bin/env node
// The rapport CLI. Where the TypeScript sources are present (a clone of the repository, or a
// package linked from one) it runs them through tsx, so a developer editing core/src never runs
// a stale dist/, even though `npm install` in the repository builds one for plugins outside it.
// A published package ships only its compiled dist/, and runs that.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  // tsx compiles with the tsconfig.json of the current folder unless told which one to use; the
  // sources need the repository's (decorators) wherever the CLI runs, e.g. in a plugin's folder.
  process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
  await import('./register-source.js');
  await import(source.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
