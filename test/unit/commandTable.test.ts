import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseCliArgs } from '../../src/cli/args';
import { COMMAND_OPTIONS, COMMAND_TABLE } from '../../src/cli/commandTable';
import { COMMAND_WORDS } from '../../src/cli/commandWords';
import { checkUsage, commandOf } from '../../src/cli/commandUsage';
import { commandHelp, HELP } from '../../src/cli/help';

const README = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

/** The usage error `argv` meets, or undefined when it is good usage. */
function usageOf(argv: string[]): string | undefined {
  try {
    const args = parseCliArgs(argv);
    checkUsage(commandOf(args.command!, args.positionals), args);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('the CLI command table', () => {
  it('--help lists every command with its arguments, and <command> --help its own options', () => {
    for (const c of COMMAND_TABLE) {
      assert.ok(HELP.includes(`  ${c.words}${c.args ? ` ${c.args}` : ''}`), `${c.words} in --help`);
      const own = commandHelp(c);
      assert.ok(own.startsWith(`Usage: ztap-etcd ${c.words}`), own);
      for (const option of c.options) {
        assert.ok(own.includes(COMMAND_OPTIONS[option].help), `--${option} in ${c.words} --help`);
      }
    }
  });

  it("the README's command list names every command, and no other", () => {
    const block = README.slice(README.indexOf('## The CLI: `ztap-etcd`'));
    const listed = new Set([...block.slice(0, block.indexOf('```\n\n')).matchAll(/^ztap-etcd ([a-z-]+(?: [a-z-]+)?)/gm)].map(m => m[1]));
    const known = COMMAND_TABLE.map(c => c.words);
    const named = [...listed].map(words => (known.includes(words) ? words : words.split(' ')[0]));
    assert.deepStrictEqual([...new Set(named)].sort(), [...known].sort());
  });

  it('every option is taken by some command, and the code cache knows every first word', () => {
    const taken = new Set(COMMAND_TABLE.flatMap(c => c.options));
    assert.deepStrictEqual(
      Object.keys(COMMAND_OPTIONS).filter(o => !taken.has(o as keyof typeof COMMAND_OPTIONS)),
      [],
    );
    assert.deepStrictEqual([...COMMAND_WORDS].sort(), [...new Set(COMMAND_TABLE.map(c => c.words.split(' ')[0]))].sort());
  });

  it('refuses an option the command does not take, naming it, and arguments beyond its count', () => {
    assert.strictEqual(
      usageOf(['snapshot', 'status', 'x.db', '--disarm', '--overwrite', '--live']),
      'snapshot status does not take --disarm, --overwrite, --live',
    );
    assert.strictEqual(usageOf(['ls', '--leases']), 'ls does not take --leases; its own options: --rev');
    assert.strictEqual(
      usageOf(['del', '/a', '--overwrite']),
      'del does not take --overwrite; its own options: --if-mod-revision, --recursive, --dry-run, --yes',
    );
    assert.strictEqual(usageOf(['snapshot', 'ls', 'f.db', '/ztap/', 'more']), 'snapshot ls: unexpected argument "more"');
    assert.match(usageOf(['snapshot', 'frob']) ?? '', /^snapshot needs a subcommand: save, status, ls, get, diff \(got "frob"\)/);
    assert.strictEqual(usageOf(['frobnicate']), 'unknown command "frobnicate"');
  });

  it('takes the global options, and a command its own, before or after the command', () => {
    for (const argv of [
      ['snapshot', 'diff', 'f.db', '--live', '--json'],
      ['--endpoints', 'localhost:2379', 'del', '/a', '-r', '-y', '--dry-run'],
      ['watch', '/ztap/', '--rev', '5', '--user', 'u', '--key-base64'],
      ['elect', 'n1', '--ttl', '10', '--heartbeat', '2', '--address', 'h:1', '--election-timeout', '3', '--force'],
    ]) {
      assert.strictEqual(usageOf(argv), undefined, argv.join(' '));
    }
  });
});
