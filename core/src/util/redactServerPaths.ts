import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * An absolute POSIX path (or a `file://` URL) standing as a word of a message: after the start, a
 * space, a quote or a bracket, so the path part of an `https://host/path` URL is not one.
 */
const PATH_CANDIDATE = /(^|[\s"'`([{=])((?:file:\/\/)?\/[^\s"'`()[\]{}<>,;]+)/g;

/**
 * A message with the server's own file paths replaced by their base names, for what a client
 * receives (GraphQL errors, webhook answers): "…in /srv/rapport/rapport.config.json." becomes
 * "…in rapport.config.json.". The log keeps the full message.
 *
 * A path is the server's when its first directory exists on this machine (`/srv`, `/home`,
 * `/tmp`…): that tells `/srv/app/x.json` from a route such as `/channels/sms/inbound`, wherever
 * the deployment keeps its files. Messages are built on purpose without paths; this is the net
 * under the ones built from errors of the file system or of a plugin's loader.
 */
export function redactServerPaths(message: string): string {
  return message.replace(PATH_CANDIDATE, (whole, before: string, candidate: string) => {
    const trailing = /[.:!?]+$/.exec(candidate)?.[0] ?? '';
    const file = candidate.slice(0, candidate.length - trailing.length).replace(/^file:\/\//, '');
    return isServerPath(file) ? `${before}${path.posix.basename(file)}${trailing}` : whole;
  });
}

function isServerPath(file: string): boolean {
  const segments = file.split('/').filter(Boolean);
  return segments.length >= 2 && existsSync(`/${segments[0]}`);
}
