import { parseJsonObject } from './jsonObject';

/** The Node JSON ZTAP writes for election candidates and node registrations. */
export interface ZtapNode {
  id: string;
  address: string;
  state: string;
  role: string;
  joined_at?: string;
  last_seen?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Decodes Node JSON tolerantly: other tools (or `etcdctl elect` with a plain
 * string) write other values, which callers then show as raw text.
 * Returns null unless the value is a JSON object with a string `id`.
 */
export function decodeNode(value: Buffer | string): ZtapNode | null {
  const o = parseJsonObject(typeof value === 'string' ? value : value.toString('utf8'));
  if (!o || typeof o.id !== 'string') {
    return null;
  }
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const node: ZtapNode = { id: o.id, address: str(o.address), state: str(o.state), role: str(o.role) };
  if (typeof o.joined_at === 'string') {
    node.joined_at = o.joined_at;
  }
  if (typeof o.last_seen === 'string') {
    node.last_seen = o.last_seen;
  }
  if (typeof o.metadata === 'object' && o.metadata !== null && !Array.isArray(o.metadata)) {
    node.metadata = o.metadata as Record<string, unknown>;
  }
  return node;
}

/** A Node as ZTAP writes it when a node joins; times are RFC 3339. */
export function newNode(id: string, address: string, role = '', metadata: Record<string, unknown> = {}): ZtapNode {
  const now = new Date().toISOString();
  return { id, address, state: 'healthy', role, joined_at: now, last_seen: now, metadata };
}

/** Node JSON with ZTAP's field order. */
export function encodeNode(node: ZtapNode): string {
  const { id, address, state, role, joined_at, last_seen, metadata } = node;
  return JSON.stringify({ id, address, state, role, joined_at, last_seen, metadata: metadata ?? {} });
}
