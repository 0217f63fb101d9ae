import type { Etcd3 } from 'etcd3';
import { idToHex } from '../cluster/ids';
import { Candidate, ElectionState, leaseTtl, readElection } from '../election/leaderReader';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { keyToText } from '../keys/keyText';
import { readRangePaged } from '../keys/pagedRange';
import { decodeNode, ZtapNode } from './nodeJson';

export type ElectionPlace = { kind: 'leader' } | { kind: 'candidate'; position: number } | { kind: 'none' };

/** One ZTAP node: its registration under `{prefix}/nodes/`, or only its election key. */
export interface NodeReport {
  /** The registration key, or the election key for a node that is not registered. */
  key: string;
  id: string;
  node: ZtapNode | null;
  /** The value as text, for values that are not Node JSON. */
  raw: string;
  /** Hex, "0" when none. */
  lease: string;
  /** Seconds left when read; null without a lease or when it is gone. */
  ttl: number | null;
  registered: boolean;
  election: ElectionPlace;
  /** How old `last_seen` was when read; undefined when absent or unreadable. */
  lastSeenAgeMs?: number;
  warnings: string[];
}

export interface NodesReport {
  nodes: NodeReport[];
  /** When read (ms since epoch): ages and TTLs are as of then. */
  readAt: number;
  /** Nodes with at least one warning. */
  warned: number;
  /** The election's line the places were read from (for a caller that shows it too). */
  election: ElectionState;
}

/**
 * ZTAP's nodes and what is wrong with them: each registration under `{prefix}/nodes/`
 * beside the election's line, warning about a node registered but not in the
 * election (or the reverse), a `last_seen` older than three heartbeats, a `leader`
 * role on a node that does not lead (or on two), a registration without a lease
 * (it never expires), and a value that is not Node JSON.
 */
export async function readNodesReport(etcd: Etcd3, keyPrefix: string, electionKey: string, heartbeatMs: number, now = Date.now()): Promise<NodesReport> {
  const folder = Buffer.from(folderPrefix(`${keyPrefix}/nodes`));
  const registrations: Array<{ key: string; value: Buffer; lease: string }> = [];
  const [election] = await Promise.all([
    readElection(etcd, electionKey),
    readRangePaged(etcd, { key: folder, rangeEnd: prefixRangeEnd(folder), keysOnly: false, onRestart: () => (registrations.length = 0) }, page => {
      for (const kv of page) {
        registrations.push({ key: keyToText(kv.key), value: kv.value, lease: kv.lease });
      }
    }),
  ]);
  const placeOf = new Map<string, ElectionPlace>();
  election.candidates.forEach((c, i) => {
    const id = c.node?.id;
    if (id && !placeOf.has(id)) {
      placeOf.set(id, i === 0 ? { kind: 'leader' } : { kind: 'candidate', position: i + 1 });
    }
  });
  const ttls = await Promise.all(registrations.map(r => leaseTtl(etcd, r.lease)));
  const nodes: NodeReport[] = registrations.map((r, i) => {
    const node = decodeNode(r.value);
    const id = node?.id ?? r.key.slice(folder.length);
    const report: NodeReport = {
      key: r.key,
      id,
      node,
      raw: r.value.toString('utf8'),
      lease: r.lease === '0' ? '0' : idToHex(r.lease),
      ttl: ttls[i],
      registered: true,
      election: placeOf.get(id) ?? { kind: 'none' },
      warnings: [],
    };
    const seen = node?.last_seen ? Date.parse(node.last_seen) : NaN;
    if (!Number.isNaN(seen)) {
      report.lastSeenAgeMs = Math.max(0, now - seen);
    }
    return report;
  });
  const registeredIds = new Set(nodes.map(n => n.id));
  for (const [i, c] of election.candidates.entries()) {
    const id = c.node?.id;
    if (!id || !registeredIds.has(id)) {
      nodes.push(candidateOnly(c, i));
    }
  }
  warn(nodes, election.leader?.node?.id, heartbeatMs);
  nodes.sort((a, b) => a.id.localeCompare(b.id) || a.key.localeCompare(b.key));
  return { nodes, readAt: now, warned: nodes.filter(n => n.warnings.length > 0).length, election };
}

function candidateOnly(c: Candidate, index: number): NodeReport {
  return {
    key: c.key,
    id: c.node?.id ?? c.raw,
    node: c.node,
    raw: c.raw,
    lease: c.leaseId,
    ttl: c.ttlSeconds,
    registered: false,
    election: index === 0 ? { kind: 'leader' } : { kind: 'candidate', position: index + 1 },
    warnings: [],
  };
}

function warn(nodes: NodeReport[], leaderId: string | undefined, heartbeatMs: number): void {
  const claimants = nodes.filter(n => n.registered && n.node?.role === 'leader');
  for (const n of nodes) {
    if (n.registered && !n.node) {
      n.warnings.push('the registration is not Node JSON (a JSON object with a string "id")');
    }
    if (n.registered && n.election.kind === 'none') {
      n.warnings.push('registered but not in the election');
    }
    if (!n.registered) {
      n.warnings.push(n.node ? 'in the election but not registered under nodes/' : 'in the election with a value that is not Node JSON, and not registered');
    }
    if (n.registered && n.lease === '0') {
      n.warnings.push('the registration has no lease: it will never expire');
    }
    if (n.lastSeenAgeMs !== undefined && n.lastSeenAgeMs > 3 * heartbeatMs) {
      n.warnings.push(`last seen ${Math.round(n.lastSeenAgeMs / 1000)} s ago (more than three heartbeats of ${heartbeatMs / 1000} s)`);
    }
    if (n.registered && n.node?.role === 'leader') {
      if (claimants.length > 1) {
        n.warnings.push(`${claimants.length} nodes claim the role leader: ${claimants.map(c => c.id).join(', ')}`);
      } else if (n.id !== leaderId) {
        n.warnings.push(`its role says leader, but the election's leader is ${leaderId ?? 'nobody'}`);
      }
    }
  }
}

/** One line for the Nodes node and the CLI: how many nodes, how many with warnings. */
export function nodesSummary(report: NodesReport): string {
  const n = report.nodes.length;
  const count = `${n} node${n === 1 ? '' : 's'}`;
  return report.warned ? `${count}, ${report.warned} with warnings` : count;
}
