import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { killAndWait } from '../../src/core/local/killAndWait';
import { freePort } from '../../src/core/local/freePort';
import { codeServerEntry } from './codeServerInstall';

export interface CodeServerOptions {
  /** A fresh folder each run: code-server remembers the last URL otherwise. */
  stateDir: string;
  env?: NodeJS.ProcessEnv;
  port?: number;
  onOutput?: (line: string) => void;
  /** Workspace trust on, as users have it (the tests otherwise turn it off). */
  trust?: boolean;
}

/** code-server on 127.0.0.1 only, with telemetry and update checks off. */
export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const port = options.port ?? (await freePort());
    const userDataDir = join(options.stateDir, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    // The workbench would otherwise try to reach telemetry and marketplace hosts.
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': !!options.trust,
      }),
    );
    const args = [
      codeServerEntry(),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      join(options.stateDir, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.trust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new CodeServer(child, port);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('code-server did not start listening within 60 s')), 60_000);
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          options.onOutput?.(line);
          if (line.includes('HTTP server listening on')) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`code-server exited with ${code} before listening`));
      });
    }).catch(async err => {
      await server.stop();
      throw err;
    });
    return server;
  }

  /** `code-server --install-extension` into the state folder's extensions, as a user installs a VSIX. */
  static installExtension(stateDir: string, vsix: string): string {
    return execFileSync(
      process.execPath,
      [codeServerEntry(), '--user-data-dir', join(stateDir, 'user-data'), '--extensions-dir', join(stateDir, 'extensions'), '--install-extension', vsix],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
    );
  }

  /** The server's process id (its extension host is a process below it). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * The workbench URL. `payload` carries extensionDevelopmentPath (none: only the
   * installed extensions run) and, for test runs, extensionTestsPath, as VS Code's
   * own browser integration tests pass them.
   */
  workbenchUrl(folder: string, options: { extensionPath?: string; testsPath?: string } = {}): string {
    const remote = (path: string) => `vscode-remote://127.0.0.1:${this.port}${path}`;
    const payload: string[][] = [
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    if (options.extensionPath) {
      payload.push(['extensionDevelopmentPath', remote(options.extensionPath)]);
    }
    if (options.testsPath) {
      payload.push(['extensionTestsPath', remote(options.testsPath)]);
    }
    return `${this.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }

  stop(): Promise<void> {
    return killAndWait(this.child, 'SIGTERM', 5000);
  }
}
