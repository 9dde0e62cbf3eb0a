// Reading a password for `threadsql users add|passwd`: on a terminal, typed without echo (twice, to
// catch a typo); from a pipe, the first line of standard input, so scripts and tests can set one.
import { once } from 'node:events';

export class PasswordInputError extends Error {}

/** One line typed without echo. Ctrl-C or Ctrl-D abandons it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new PasswordInputError('no password entered'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (c: Buffer) => chunks.push(c));
  await once(process.stdin, 'end');
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** The new password for `name`: asked twice on a terminal, or the first line of piped input. */
export async function readNewPassword(name: string): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const first = await promptHidden(`New password for ${name}: `);
  const second = await promptHidden('Same password again: ');
  if (first !== second) throw new PasswordInputError('the two passwords differ; nothing was changed');
  return first;
}
