import { ConfigError, type ValidationProblem } from '@rapport/sdk';
import type { RapportConfig } from '../config/RapportConfig.js';
import type { DeclaredContributions } from '../contributions/DeclaredContributions.js';

/**
 * Refuses a `bots` entry that names a channel or a bot no configured plugin contributes: a typo
 * there would otherwise leave a channel's customers without the bot, silently.
 *
 * @throws ConfigError naming the file and the field `bots.<channel>`.
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
  if (problems.length > 0) throw new ConfigError(problems);
}
