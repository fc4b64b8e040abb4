#!/usr/bin/env node
// The rapport CLI. A published package runs its compiled dist/; in the repository, where only
// the TypeScript sources exist, it runs those through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  await import('./register-source.js');
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
