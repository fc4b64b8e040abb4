import { RapportError } from '@rapport/sdk';

/**
 * One line from standard input, without its line ending. At a terminal the prompt goes to
 * standard error and what is typed is not echoed; from a pipe, only the first line is read, so a
 * caller that leaves its end of the pipe open is not waited for.
 */
export function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (input.isTTY) return readHidden(prompt);
  return new Promise((resolve, reject) => {
    let text = '';
    const done = () => {
      input.off('data', onData).off('end', done).off('error', reject);
      input.pause();
      resolve(text.split(/\r?\n/)[0] ?? '');
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) done();
    };
    input.on('data', onData).once('end', done).once('error', reject);
  });
}

function readHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (result: string | Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish(typed);
        if (char === '\u0003') return finish(new RapportError('BAD_USER_INPUT', 'Interrupted: nothing was created.'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}
