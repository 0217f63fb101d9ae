/**
 * The `ztap-etcd` executable: runs the CLI's bundle (cliMain.js, beside this file) with
 * a V8 code cache, so a run does not compile the bundle again (what that saves:
 * `npm run bench`, start-up; docs/performance.md). Only Node's built-in modules and the
 * command words here: this file is loaded on every run.
 *
 * One cache per command (what V8 saves is what the run compiled: `get` and `ls`
 * compile different code), written once when missing or refused (V8 refuses a cache
 * made by another Node or for another bundle, and then the bundle is compiled as
 * without one). The caches live in the user's own cache folder, keyed by Node's
 * version and the bundle's size and time, and a folder not owned by the user is
 * never read. `ZTAP_ETCD_COMPILE_CACHE=0` turns it off; `NODE_DEBUG=ztap-etcd-cache`
 * says what happened.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import Module from 'module';
import { homedir } from 'os';
import { join } from 'path';
import { debuglog } from 'util';
import { Script } from 'vm';
import { COMMAND_WORDS } from './commandWords';

const trace = debuglog('ztap-etcd-cache');
const bundle = join(__dirname, 'cliMain.js');

/** The folder for this Node and this bundle, or undefined when caching is off or unsafe. */
function cacheFolder(): string | undefined {
  if (process.env.ZTAP_ETCD_COMPILE_CACHE === '0') {
    return undefined;
  }
  try {
    const root = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ztap-etcd', 'compile-cache');
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const owner = statSync(root).uid;
    if (typeof process.getuid === 'function' && owner !== process.getuid()) {
      trace('%s is not owned by this user: not used', root);
      return undefined;
    }
    const { size, mtimeMs } = statSync(bundle);
    return join(root, `${process.version}-${process.arch}-${size}-${Math.floor(mtimeMs)}`);
  } catch (err) {
    trace('no cache folder: %s', (err as Error).message);
    return undefined;
  }
}

/**
 * The command's name as a file name. Only a known command word: the first word may be
 * an option's value (`--password x get`), and a value must never become a file name.
 */
function commandName(): string {
  const word = process.argv.slice(2).find(arg => !arg.startsWith('-'));
  return word !== undefined && COMMAND_WORDS.has(word) ? word : 'other';
}

function run(): void {
  const folder = cacheFolder();
  const cache = folder ? { folder, file: join(folder, `${commandName()}.bin`) } : undefined;
  let cachedData: Buffer | undefined;
  try {
    cachedData = cache && readFileSync(cache.file);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  if (cache && (!cachedData || script.cachedDataRejected)) {
    trace('%s %s: written at exit', cache.file, cachedData ? 'refused' : 'missing');
    process.once('exit', () => save(cache.folder, cache.file, script));
  } else if (cache) {
    trace('%s: used', cache.file);
  }
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(bundleModule.exports, bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, __dirname);
}

/** Writes the cache whole or not at all (a rename), and drops the folders of bundles and Nodes unused for a week. */
function save(folder: string, cacheFile: string, script: Script): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
    // Another install of the CLI may use its own folder beside this one: only those unused for a week go.
    const root = join(folder, '..');
    const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
    for (const other of readdirSync(root)) {
      const path = join(root, other);
      if (path !== folder && statSync(path).mtimeMs < weekAgo) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  } catch (err) {
    trace('not written: %s', (err as Error).message);
  }
}

run();
