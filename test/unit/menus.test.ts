import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]> };
};

/**
 * The context-menu commands package.json shows for a Cluster row with `viewItem`: its
 * `when` clauses are conjunctions of `view == …`, `viewItem == …` and `viewItem =~ /…/`.
 */
function menuOf(viewItem: string): string[] {
  return manifest.contributes.menus['view/item/context']
    .filter(entry =>
      (entry.when ?? '').split('&&').every(term => {
        const t = term.trim();
        const equals = /^(\w+) == (.+)$/.exec(t);
        if (equals) {
          return equals[1] === 'view' ? equals[2] === 'ztap.cluster' : equals[1] === 'viewItem' ? equals[2] === viewItem : true;
        }
        const matches = /^viewItem =~ \/(.+)\/$/.exec(t);
        return matches ? new RegExp(matches[1]).test(viewItem) : true;
      }),
    )
    .map(entry => entry.command);
}

describe('context menus show a command only where it applies', () => {
  it('Compare Policy Versions on policy keys only; the other key commands on both', () => {
    assert.ok(menuOf('ztapKey.policy').includes('ztap.comparePolicyVersions'));
    assert.ok(!menuOf('ztapKey').includes('ztap.comparePolicyVersions'));
    const keyCommands = menuOf('ztapKey');
    assert.ok(keyCommands.length >= 7, keyCommands.join(', '));
    assert.deepStrictEqual(
      keyCommands.filter(c => !menuOf('ztapKey.policy').includes(c)),
      [],
    );
  });

  it('Disarm Alarm where an alarm is raised only: the connection and Members', () => {
    assert.ok(!menuOf('ztapConnection.connected').includes('ztap.disarmAlarm'));
    assert.ok(!menuOf('ztapConnection.connected.user.removable').includes('ztap.disarmAlarm'));
    assert.ok(menuOf('ztapConnection.connected.alarm').includes('ztap.disarmAlarm'));
    assert.ok(menuOf('ztapConnection.connected.alarm.user.removable').includes('ztap.disarmAlarm'));
    assert.ok(!menuOf('ztapMembers').includes('ztap.disarmAlarm'));
    assert.ok(menuOf('ztapMembers.alarm').includes('ztap.disarmAlarm'));
    assert.ok(menuOf('ztapMembers').includes('ztap.compactHistory'));
  });

  it('Forget Password where the connection has a user only; Remove Connection on removable ones', () => {
    assert.ok(!menuOf('ztapConnection.connected').includes('ztap.forgetPassword'));
    assert.ok(menuOf('ztapConnection.connected.user').includes('ztap.forgetPassword'));
    assert.ok(menuOf('ztapProfile.user.removable').includes('ztap.forgetPassword'));
    assert.ok(!menuOf('ztapProfile.removable').includes('ztap.forgetPassword'));
    assert.ok(menuOf('ztapProfile.user.removable').includes('ztap.removeConnection'));
    assert.ok(!menuOf('ztapProfile.user').includes('ztap.removeConnection'));
  });
});
