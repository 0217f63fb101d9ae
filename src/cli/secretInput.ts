import { readStdin } from './commands/writeArgs';
import { UsageError } from './usageError';

/**
 * Passwords for the CLI: never an argument. With --password-stdin one line of stdin
 * each, in the order asked; else asked on the terminal without echo, twice for a new one.
 */
export class SecretInput {
  private lines: string[] | undefined;

  constructor(private readonly fromStdin: boolean) {}

  async read(what: string, confirmNew = false): Promise<string> {
    if (this.fromStdin) {
      this.lines ??= (await readStdin()).toString('utf8').split(/\r?\n/);
      const line = this.lines.shift();
      if (!line) {
        throw new UsageError(`--password-stdin: no line for ${what}`);
      }
      return line;
    }
    if (!process.stdin.isTTY) {
      throw new UsageError(`${what} is needed and stdin is not a terminal: give it as a line of stdin with --password-stdin`);
    }
    const first = await askHidden(`${what}: `);
    if (confirmNew && (await askHidden(`${what} again: `)) !== first) {
      throw new UsageError(`the two entries of ${what} differ; nothing was changed`);
    }
    if (!first) {
      throw new UsageError(`${what} is empty; nothing was changed`);
    }
    return first;
  }
}

/** One line typed on the terminal, not echoed. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const end = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') {
          end();
          resolve(value);
          return;
        }
        if (c === '\u0003') {
          end();
          reject(new UsageError('cancelled; nothing was changed'));
          return;
        }
        value = c === '\u007f' ? value.slice(0, -1) : value + c;
      }
    };
    stdin.on('data', onData);
  });
}
