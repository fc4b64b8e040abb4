// Lets Node run the repository's TypeScript sources directly: tsx compiles .ts on the fly, and
// the "rapport-source" export condition makes @rapport/* packages resolve to their src/ folders
// instead of a dist/ that is only built for publishing.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
// Hooks registered later run first, so this one adds the condition before tsx resolves.
register('./source-condition-hook.js', import.meta.url);
