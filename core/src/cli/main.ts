// The rapport CLI's entry point (bin/rapport.js imports it): the command line is read in
// commandLine.ts, which does not run anything when imported, so tests can call it in-process.
import { main } from './commandLine.js';

process.exitCode = await main(process.argv.slice(2));
