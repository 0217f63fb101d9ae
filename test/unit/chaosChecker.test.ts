import * as assert from 'assert';
import { checkElection } from '../chaos/checkElection';
import { checkWatch, historyHoles } from '../chaos/checkWatches';
import { checkEditors, checkFolderCycles, checkWriter } from '../chaos/checkWrites';
import type { Belief, HistoryEntry, Participant, SeenEvent, WatchRecord } from '../chaos/records';

const put = (revision: number, key: string, value: string, createRevision = revision): HistoryEntry => ({
  revision: BigInt(revision),
  type: 'put',
  key,
  value,
  createRevision: BigInt(createRevision),
});
const del = (revision: number, key: string): HistoryEntry => ({ revision: BigInt(revision), type: 'delete', key, value: '', createRevision: 0n });
const seen = (e: HistoryEntry): SeenEvent => ({ revision: e.revision, type: e.type, key: e.key, value: e.value });

describe('the chaos run checker catches known-bad histories', () => {
  const history = [put(2, '/w/a', '1'), put(3, '/w/b', '2'), del(4, '/w/a'), put(5, '/x/c', '3'), put(6, '/w/c', '4')];
  const watch = (events: SeenEvent[], gaps: WatchRecord['gaps'] = []): WatchRecord => ({ name: 'w', prefix: '/w/', from: 2n, events, gaps });
  const exact = history.filter(e => e.key.startsWith('/w/')).map(seen);

  it('a watch that delivered every event once, in order, has no anomaly', () => {
    assert.deepStrictEqual(checkWatch(watch(exact), history, 6n), []);
  });

  it('a dropped event is lost', () => {
    const anomalies = checkWatch(watch(exact.filter(e => e.revision !== 3n)), history, 6n);
    assert.deepStrictEqual(
      anomalies.map(a => [a.kind, a.revision]),
      [['lost', 3n]],
    );
  });

  it('a repeated event is repeated, and one delivered late is out of order', () => {
    const twice = checkWatch(watch([...exact.slice(0, 2), exact[1], ...exact.slice(2)]), history, 6n);
    assert.deepStrictEqual(
      twice.map(a => a.kind),
      ['repeated'],
    );
    const swapped = checkWatch(watch([exact[0], exact[2], exact[1], exact[3]]), history, 6n);
    assert.deepStrictEqual(
      swapped.map(a => [a.kind, a.revision]),
      [['out-of-order', 3n]],
    );
  });

  it('an event with the wrong value, or one etcd never had, is wrong; a declared gap is not a loss', () => {
    const wrong = checkWatch(watch(exact.map(e => (e.revision === 6n ? { ...e, value: 'other' } : e))), history, 6n);
    assert.deepStrictEqual(
      wrong.map(a => a.kind),
      ['wrong-event'],
    );
    const phantom = checkWatch(watch([...exact, seen(put(5, '/w/z', 'z'))].sort((a, b) => Number(a.revision - b.revision))), history, 6n);
    assert.deepStrictEqual(
      phantom.map(a => a.kind),
      ['wrong-event'],
    );
    assert.deepStrictEqual(
      checkWatch(
        watch(
          exact.filter(e => e.revision > 4n),
          [{ from: 2n, to: 4n }],
        ),
        history,
        6n,
      ),
      [],
    );
  });

  it('a revision missing from the history read back is a hole', () => {
    assert.deepStrictEqual(historyHoles(history, 2n, 7n), [7n]);
  });

  const ours = (name: string, member?: number): Participant => ({ name, kind: 'ours', member, ttlMs: 3000 });
  const line = [put(10, '/e/aa', 'node-a'), put(11, '/e/bb', 'node-b'), del(20, '/e/aa')];
  const electionOf = (beliefs: Belief[], faults = [] as Parameters<typeof checkElection>[0]['faults'], participants = [ours('a', 0), ours('b', 1)]) =>
    checkElection({ participants, beliefs, history: line, folder: '/e/', faults, nameOf: v => v, keepaliveTimeoutMs: 1000, end: 100_000 });

  it('two participants leading at one moment are two leaders; a clean hand-over is not', () => {
    const clean: Belief[] = [
      { participant: 'a', kind: 'leader', at: 1000, key: '/e/aa', revision: 10n },
      { participant: 'b', kind: 'follower', at: 1100, key: '/e/bb', revision: 11n, leader: 'node-a' },
      { participant: 'a', kind: 'resigned', at: 5000, key: '/e/aa' },
      { participant: 'b', kind: 'leader', at: 5100, key: '/e/bb', revision: 20n },
    ];
    assert.deepStrictEqual(electionOf(clean), []);
    const overlapping = clean.map(b => (b.participant === 'b' && b.kind === 'leader' ? { ...b, at: 4000 } : b));
    assert.deepStrictEqual(
      electionOf(overlapping).map(a => a.kind),
      ['two-leaders'],
    );
  });

  it('a leader claim while another key was first, or a follower naming the wrong leader, is caught', () => {
    const claims = electionOf([
      { participant: 'b', kind: 'leader', at: 1000, key: '/e/bb', revision: 15n },
      { participant: 'a', kind: 'follower', at: 1000, key: '/e/aa', revision: 12n, leader: 'node-b' },
    ]);
    assert.deepStrictEqual(
      claims.map(a => a.kind),
      ['false-claim', 'line-order'],
    );
  });

  it('a leader cut off that keeps believing past its TTL and the keepalive timeout is late', () => {
    const beliefs: Belief[] = [
      { participant: 'a', kind: 'leader', at: 1000, key: '/e/aa', revision: 10n },
      { participant: 'a', kind: 'lost', at: 12_000, key: '/e/aa' },
    ];
    const cut = { kind: 'clients-cut' as const, at: 2000, until: 15_000, members: [0], detail: 'clients cut from n1' };
    assert.deepStrictEqual(
      electionOf(beliefs, [cut]).map(a => a.kind),
      ['late-loss'],
    );
    assert.deepStrictEqual(electionOf(beliefs, [{ ...cut, members: [1] }]), []);
    assert.deepStrictEqual(electionOf([beliefs[0], { ...beliefs[1], at: 5500 }], [cut]), []);
  });

  it('a lost increment, and a failed save reported as success, are caught', () => {
    const counter = '/c/0';
    const writes = [put(30, counter, '1'), put(31, counter, '2')];
    const outcomes = [
      { counter, outcome: 'success' as const, value: '1', revision: 30n, at: 1 },
      { counter, outcome: 'success' as const, value: '2', revision: 31n, at: 2 },
      { counter, outcome: 'conflict' as const, at: 3 },
    ];
    assert.deepStrictEqual(checkEditors(outcomes, new Map([[counter, 2]]), writes), []);
    assert.deepStrictEqual(
      checkEditors(outcomes, new Map([[counter, 1]]), writes).map(a => a.kind),
      ['lost-update'],
    );
    const falseSuccess = [...outcomes, { counter, outcome: 'success' as const, value: '3', revision: 32n, at: 4 }];
    assert.deepStrictEqual(
      checkEditors(falseSuccess, new Map([[counter, 3]]), writes).map(a => a.kind),
      ['false-success'],
    );
  });

  it('a key missing after a restore, or restored with another value, is lost; an acknowledged put missing is caught', () => {
    const before = new Map([
      ['/f/1', { value: 'a', lease: '0' }],
      ['/f/2', { value: 'b', lease: '77' }],
    ]);
    const ok = { started: 1, before, after: new Map(before), aliveLeases: new Set(['77']) };
    assert.deepStrictEqual(checkFolderCycles([ok]), []);
    // A lease that expired meanwhile: the key comes back without one.
    assert.deepStrictEqual(
      checkFolderCycles([{ ...ok, after: new Map([...before, ['/f/2', { value: 'b', lease: '0' }]]), aliveLeases: new Set<string>() }]),
      [],
    );
    const lost = checkFolderCycles([{ ...ok, after: new Map([['/f/1', { value: 'a', lease: '0' }]]) }]);
    assert.match(lost[0]?.what ?? '', /1 key\(s\) lost \(\/f\/2\)/);
    assert.deepStrictEqual(checkWriter([{ key: '/w/a', value: '1', revision: 2n, at: 0 }], history), []);
    assert.deepStrictEqual(
      checkWriter([{ key: '/w/a', value: '1', revision: 3n, at: 0 }], history).map(a => a.kind),
      ['unacknowledged'],
    );
  });
});
