import { spawn } from 'child_process';
import { join } from 'path';

export interface CliRun {
  code: number | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  ms: number;
}

/** The built CLI, as users run it: `node dist/cli.js` (npm test builds first). */
export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** Runs the CLI; `stdin`, when given, is written to its standard input (else it has none). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) {
      child.stdin?.end(stdin);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', code => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started });
    });
  });
}

export function parseJson<T = any>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`CLI output is not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
}
