/**
 * Where `user add` gets the password: the PASSWORD environment variable when set (scripts,
 * CI), otherwise one line from standard input. At a terminal the typed characters are not
 * echoed and the password is asked twice; from a pipe the first line is taken as it is.
 */
import type { Readable, Writable } from 'node:stream';
import type { ReadStream } from 'node:tty';

export class PasswordInputError extends Error {}

export async function readPasswordFrom(env: Record<string, string | undefined>, stdin: Readable, stderr: Writable): Promise<string> {
  if (env.PASSWORD !== undefined) return env.PASSWORD;
  const tty = stdin as Partial<ReadStream>;
  if (tty.isTTY && typeof tty.setRawMode === 'function') {
    const first = await readHidden(stdin as ReadStream, stderr, 'Password: ');
    const again = await readHidden(stdin as ReadStream, stderr, 'Password again: ');
    if (first !== again) throw new PasswordInputError('The two passwords differ.');
    return first;
  }
  return readFirstLine(stdin);
}

function readFirstLine(stdin: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (line: string | undefined) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      stdin.pause();
      if (line === undefined) reject(new PasswordInputError('No password: set PASSWORD or write it as one line on standard input.'));
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline >= 0) finish(text.slice(0, newline).replace(/\r$/, ''));
    };
    const onEnd = () => finish(text === '' ? undefined : text.replace(/\r$/, ''));
    const onError = (error: Error) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      reject(error);
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
    stdin.resume();
  });
}

function readHidden(stdin: ReadStream, stderr: Writable, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') return done(new PasswordInputError('Cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}
