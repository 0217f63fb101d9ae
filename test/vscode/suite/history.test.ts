import * as assert from 'assert';
import * as vscode from 'vscode';
import type { WriteConflict } from '../../../src/core/writes/guardedWrites';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { RestoreChoice } from '../../../src/extension/history/restoreDialog';
import type { VersionNode } from '../../../src/extension/history/historyNodes';
import { valueUri } from '../../../src/extension/keys/valueUris';
import { etcdctl } from '../../support/etcdctl';
import { child, children, description, fixture, label, restoreEndpoints, root, services, waitFor } from './helpers';

const ctl = (...args: string[]) => etcdctl(fixture('cluster').split(','), args);
const revisionOf = async (key: string) => BigInt(JSON.parse(await ctl('get', key, '-w', 'json')).header.revision);

/** A version row (the extension's own class: this test's copy of it is another class). */
function isVersion(n: unknown): n is VersionNode {
  return typeof n === 'object' && n !== null && 'version' in n && 'history' in n;
}

/** Changes the election key (the fixture's own election has a leader that must not move) and waits for the reconnect. */
async function setElectionKey(value: string | undefined): Promise<void> {
  const s = await services();
  const settled = new Promise<void>(resolve => {
    const sub = s.connection.onDidChangeState(state => {
      if (state.kind === 'connected' || state.kind === 'failed') {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration('ztap.etcd').update('electionKey', value, vscode.ConfigurationTarget.Workspace);
  await settled;
}

/** The rows of the History view. */
async function historyRows(): Promise<Array<{ label: string; description: string; node: unknown }>> {
  const s = await services();
  const nodes = await s.history.getChildren();
  return nodes.map(n => ({ label: label(n), description: description(n), node: n }));
}

describe("history: a key's versions, Compare, Restore, Show Changes and the election's terms", function () {
  this.timeout(60_000);
  let original: ((key: string, conflict: WriteConflict) => Thenable<RestoreChoice>) | undefined;
  const asked: WriteConflict[] = [];
  let answer: RestoreChoice;
  before(async () => {
    await restoreEndpoints();
    const s = await services();
    original = s.dialogs.restoreConflict;
    s.dialogs.restoreConflict = async (_key, conflict) => {
      asked.push(conflict);
      return answer;
    };
  });
  after(async () => {
    (await services()).dialogs.restoreConflict = original!;
    // Leave the keyspace as the browser checks expect it.
    for (const prefix of ['/ztap/hist/', '/ztap/chg/', '/ztap/hist-election/']) {
      await ctl('del', '--prefix', prefix);
    }
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('Show History lists every version newest first, deletions and earlier lives included', async () => {
    for (const v of ['one', 'two']) {
      await ctl('put', '/ztap/hist/k', `{"Value":"${v}","Same":1}`);
    }
    await ctl('del', '/ztap/hist/k');
    await ctl('put', '/ztap/hist/k', '{"Value":"three","Same":1}');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.showHistory, '/ztap/hist/k'), '/ztap/hist/k');
    const rows = await historyRows();
    assert.strictEqual(rows[0].label, '/ztap/hist/k');
    assert.match(rows[0].description, /^4 versions/);
    assert.deepStrictEqual(
      rows.slice(1).map(r => r.description.replace(/ · \d+ B/, '')),
      ['v1 · {"Value":"three","Same":1} (current)', 'deleted', 'v2 · changed: Value', 'v1 · {"Value":"one","Same":1}'],
    );
  });

  it("Show History from an open value's editor (its title-bar button) shows that key", async () => {
    await ctl('put', '/ztap/hist/open', 'x');
    await vscode.commands.executeCommand('vscode.open', valueUri('/ztap/hist/open'));
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.query.includes('key=') || undefined, 'the value editor');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.showHistory), '/ztap/hist/open');
    assert.strictEqual((await historyRows())[0].label, '/ztap/hist/open');
  });

  it('Compare Selected opens a diff editor with both revisions in its title, older on the left', async () => {
    await vscode.commands.executeCommand(COMMANDS.showHistory, '/ztap/hist/k');
    const versions = (await historyRows()).map(r => r.node).filter((n): n is VersionNode => isVersion(n) && !n.version.deleted);
    const [newer, , older] = versions;
    await vscode.commands.executeCommand(COMMANDS.compareSelectedVersions, newer, [newer, older]);
    const tab = await waitFor(() => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    }, 'a diff editor');
    assert.strictEqual(tab.label, `hist∕k: rev ${older.revision} ↔ rev ${newer.revision}`);
    const input = tab.input as vscode.TabInputTextDiff;
    const left = await vscode.workspace.openTextDocument(input.original);
    const right = await vscode.workspace.openTextDocument(input.modified);
    // JSON pretty-printed on both sides: the diff shows fields.
    assert.strictEqual(left.getText(), '{\n  "Value": "one",\n  "Same": 1\n}\n');
    assert.strictEqual(right.getText(), '{\n  "Value": "three",\n  "Same": 1\n}\n');
  });

  it("Compare with Current opens a version beside the key's value now", async () => {
    await vscode.commands.executeCommand(COMMANDS.showHistory, '/ztap/hist/k');
    const oldest = (await historyRows())
      .map(r => r.node)
      .filter((n): n is VersionNode => isVersion(n))
      .pop()!;
    await vscode.commands.executeCommand(COMMANDS.compareWithCurrent, oldest);
    const tab = await waitFor(() => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    }, 'a diff editor');
    assert.strictEqual(tab.label, `hist∕k: rev ${oldest.revision} ↔ current`);
    const input = tab.input as vscode.TabInputTextDiff;
    assert.match((await vscode.workspace.openTextDocument(input.modified)).getText(), /"three"/);
  });

  it('Restore This Version is refused after a change made meanwhile, then allowed when the user says so', async () => {
    await vscode.commands.executeCommand(COMMANDS.showHistory, '/ztap/hist/k');
    const oldest = (await historyRows())
      .map(r => r.node)
      .filter((n): n is VersionNode => isVersion(n))
      .pop()!;
    await ctl('put', '/ztap/hist/k', 'someone else');
    asked.length = 0;
    answer = undefined;
    const s = await services();
    const { confirm, inform } = s.dialogs;
    const confirmed: string[] = [];
    s.dialogs.confirm = async (message, detail) => (confirmed.push(`${message}\n${detail}`), true);
    try {
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.restoreVersion, oldest), undefined);
      assert.strictEqual(asked.length, 1);
      assert.strictEqual((await ctl('get', '/ztap/hist/k', '--print-value-only')).trim(), 'someone else');
      answer = 'restore anyway';
      s.dialogs.inform = async () => undefined; // the notification closed: the restore stays
      const revision = await vscode.commands.executeCommand<string>(COMMANDS.restoreVersion, oldest);
      assert.ok(revision);
      assert.strictEqual((await ctl('get', '/ztap/hist/k', '--print-value-only')).trim(), '{"Value":"one","Same":1}');
      // The History view shows the restored version on top.
      assert.match((await historyRows())[1].description, /\(current\)/);
    } finally {
      s.dialogs.confirm = confirm;
      s.dialogs.inform = inform;
    }
  });

  it('Restore This Version asks first, saying what it writes and what the key holds; its notification has Undo', async () => {
    await ctl('put', '/ztap/hist/u', 'first');
    await ctl('put', '/ztap/hist/u', 'second');
    await vscode.commands.executeCommand(COMMANDS.showHistory, '/ztap/hist/u');
    const oldest = (await historyRows())
      .map(r => r.node)
      .filter((n): n is VersionNode => isVersion(n))
      .pop()!;
    const s = await services();
    const { confirm, inform } = s.dialogs;
    const confirmed: string[] = [];
    const informed: string[] = [];
    try {
      s.dialogs.confirm = async (message, detail) => (confirmed.push(`${message}\n${detail}`), false);
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.restoreVersion, oldest), undefined);
      assert.strictEqual(confirmed.length, 1);
      assert.match(confirmed[0], /restore \/ztap\/hist\/u to its value of revision \d+\?/);
      assert.match(confirmed[0], /It will write:\nfirst\n/);
      assert.match(confirmed[0], /It holds now \(revision \d+\):\nsecond/);
      assert.strictEqual((await ctl('get', '/ztap/hist/u', '--print-value-only')).trim(), 'second', 'declined: nothing written');
      s.dialogs.confirm = async () => true;
      let undo: () => void = () => undefined;
      const undone = new Promise<void>(resolve => (undo = resolve));
      s.dialogs.inform = async message => {
        informed.push(message);
        return informed.length === 1 ? 'Undo' : (undo(), undefined);
      };
      assert.ok(await vscode.commands.executeCommand<string>(COMMANDS.restoreVersion, oldest));
      assert.match(informed[0], /restored \/ztap\/hist\/u to its value of revision \d+ \(now revision \d+\)/);
      await undone;
      assert.match(informed[1], /undone/);
      assert.strictEqual((await ctl('get', '/ztap/hist/u', '--print-value-only')).trim(), 'second', 'Undo put back what it held');
    } finally {
      s.dialogs.confirm = confirm;
      s.dialogs.inform = inform;
    }
  });

  it('"Since I opened the window": the window keeps the revision it first watched the cluster at, and Show Changes from it lists a later write', async () => {
    const s = await services();
    const opened = await waitFor(() => s.live.windowRevision(), 'the revision this window first watched the cluster at');
    const now = await revisionOf('/ztap/hist/k');
    assert.ok(opened > 0n && opened <= now, `opened at ${opened}, a later key at ${now}`);
    await ctl('put', '/ztap/since-window/new', 'x');
    await vscode.commands.executeCommand(COMMANDS.showChanges, { prefix: '/ztap/since-window/', from: opened.toString() });
    const top = await s.history.getChildren();
    assert.match(description(top[0]), /^1 added, 0 changed, 0 deleted/);
    await ctl('del', '--prefix', '/ztap/since-window/');
  });

  it('Show Changes from a folder\'s menu offers "Since I opened the window" first and leaves the revision box empty, an example beside it', async () => {
    const s = await services();
    await waitFor(() => s.live.windowRevision(), 'the revision this window first watched the cluster at');
    const folder = await s.tree.nodeForKey('/ztap/hist/');
    assert.ok(folder, 'the folder /ztap/hist/ in the tree');
    const { pick, ask } = s.dialogs;
    const offered: string[] = [];
    const asked: vscode.InputBoxOptions[] = [];
    try {
      s.dialogs.pick = async <T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) => {
        offered.push(`${options.title} ${items.map(i => i.label).join(' | ')}`);
        return items.find(i => i.label === 'Since revision…');
      };
      s.dialogs.ask = async options => (asked.push(options), undefined);
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.showChanges, folder), undefined, 'nothing shown when the box is dismissed');
      assert.match(offered[0], /^ZTAP: Show Changes under \/ztap\/hist\/: from when\? Since I opened the window \| The last N revisions… \| Since revision…/);
      assert.strictEqual(asked.length, 1);
      assert.match(asked[0].title ?? '', /^ZTAP: Show Changes under \/ztap\/hist\/: after which revision\?$/);
      assert.strictEqual(asked[0].value, '', 'no revision pre-filled');
      assert.match(asked[0].placeHolder ?? '', /^a revision below (\d+), e\.g\. \d+$/);
    } finally {
      s.dialogs.pick = pick;
      s.dialogs.ask = ask;
    }
  });

  it('Show Changes on a folder lists what was added, changed and deleted after a revision, each openable as a diff', async () => {
    await ctl('put', '/ztap/chg/keep', 'same');
    await ctl('put', '/ztap/chg/edit', 'before');
    await ctl('put', '/ztap/chg/gone', 'x');
    const from = await revisionOf('/ztap/chg/keep');
    await ctl('put', '/ztap/chg/edit', 'after');
    await ctl('del', '/ztap/chg/gone');
    await ctl('put', '/ztap/chg/sub/new', 'n');
    await vscode.commands.executeCommand(COMMANDS.showChanges, { prefix: '/ztap/chg/', from: from.toString() });
    const s = await services();
    const top = await s.history.getChildren();
    assert.match(description(top[0]), /^1 added, 1 changed, 1 deleted/);
    assert.deepStrictEqual(
      top.slice(1).map(n => [label(n), description(n)]),
      [
        ['sub', '1 added, 0 changed, 0 deleted'],
        ['edit', 'changed'],
        ['gone', 'deleted'],
      ],
    );
    const edit = top[2].getTreeItem().command!;
    await vscode.commands.executeCommand(edit.command, ...(edit.arguments ?? []));
    const tab = await waitFor(() => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    }, 'the change as a diff');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.deepStrictEqual(
      [(await vscode.workspace.openTextDocument(input.original)).getText(), (await vscode.workspace.openTextDocument(input.modified)).getText()],
      ['before', 'after'],
    );
  });

  it('Leader > History shows the terms newest first, with how each ended', async () => {
    await setElectionKey('/ztap/hist-election');
    const lease = (await ctl('lease', 'grant', '60')).match(/lease ([0-9a-f]+) granted/)![1];
    await ctl('put', `--lease=${lease}`, `/ztap/hist-election/${lease}`, 'first-leader');
    const lease2 = (await ctl('lease', 'grant', '60')).match(/lease ([0-9a-f]+) granted/)![1];
    await ctl('put', `--lease=${lease2}`, `/ztap/hist-election/${lease2}`, 'second-leader');
    await ctl('del', `/ztap/hist-election/${lease}`); // resigned: its lease lives on
    try {
      const history = await child(label(await root()), 'Leader', 'History');
      const terms = await waitFor(async () => {
        const kids = await children(history);
        return kids.some(k => label(k).endsWith('"second-leader"')) ? kids : undefined;
      }, 'the second term');
      const [now, before] = terms.slice(0, 2).map(t => [label(t).replace(/^\d+\. /, ''), description(t).split(' · ').slice(1).join(' · ')]);
      assert.deepStrictEqual(now, ['"second-leader"', 'leading · 0 waiting']);
      assert.deepStrictEqual(before, ['"first-leader"', 'resigned · 0 waiting']);
      // This window saw the change of leader: its time stands next to the revision.
      assert.match(description(terms[0]), /^rev \d+ \(\d\d:\d\d:\d\d\) → now/);
    } finally {
      await ctl('lease', 'revoke', lease);
      await ctl('lease', 'revoke', lease2);
      await setElectionKey(undefined);
    }
  });
});
