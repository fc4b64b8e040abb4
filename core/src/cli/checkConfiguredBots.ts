import { ConfigError, type ValidationProblem } from '@rapport/sdk';
import { ConfigFieldError } from '../config/ConfigFieldError.js';
import type { RapportConfig } from '../config/RapportConfig.js';
import type { DeclaredContributions } from '../contributions/DeclaredContributions.js';

/**
 * Refuses a `bots` entry that names a channel or a bot no configured plugin contributes: a typo
 * there would otherwise leave a channel's customers without the bot, silently.
 *
 * @throws ConfigFieldError (one problem) or ConfigError naming the file and the field `bots.<channel>`.
 */
export function checkConfiguredBots(config: Pick<RapportConfig, 'bots' | 'file'>, declared: DeclaredContributions): void {
  const problems: ValidationProblem[] = [];
  const known = (field: 'bots' | 'channels') => declared.declaredIn(field).map((entry) => entry.id);
  for (const [channel, bot] of Object.entries(config.bots)) {
    if (!declared.ownerOf('channels', channel)) {
      problems.push({ file: config.file, field: `bots.${channel}`, message: `no configured plugin contributes channel "${channel}" (channels: ${known('channels').join(', ') || 'none'})` });
    }
    if (!declared.ownerOf('bots', bot)) {
      problems.push({ file: config.file, field: `bots.${channel}`, message: `no configured plugin contributes bot "${bot}" (bots: ${known('bots').join(', ') || 'none'}); add the bot's plugin to plugins` });
    }
  }
  // One wrong entry is the common case: one line naming the file and field, as other boot errors.
  if (problems.length === 1) throw new ConfigFieldError(problems[0]!);
  if (problems.length > 1) throw new ConfigError(problems);
}
