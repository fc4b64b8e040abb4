import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidationProblem } from '@rapport/sdk';
import { readPersistedOperationsManifest, type PersistedOperations } from '../access/PersistedOperations.js';

/** `graphql.persistedOperations` as the file has it. */
export interface PersistedOperationsSection {
  file: string;
  onlyListed?: boolean;
}

const FIELD = 'graphql.persistedOperations.file';

/**
 * Reads the operation list `graphql.persistedOperations.file` names (relative to the config
 * file). A list that cannot be read or is not one is a configuration problem naming the config
 * file and the field, and the list file and its entry, so it is found at startup.
 */
export async function readPersistedOperations(section: PersistedOperationsSection, baseDir: string, configFile: string, problems: ValidationProblem[]): Promise<PersistedOperations | undefined> {
  const file = path.resolve(baseDir, section.file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read as JSON (${(error as Error).message})`;
    problems.push({ file: configFile, field: FIELD, message: `names ${file}, which ${reason}` });
    return undefined;
  }
  const reading = readPersistedOperationsManifest(json);
  if ('problem' in reading) {
    problems.push({ file: configFile, field: FIELD, message: `names ${file}, whose ${reading.problem.field} ${reading.problem.message}` });
    return undefined;
  }
  return { file, operations: reading.operations, onlyListed: section.onlyListed ?? false };
}
