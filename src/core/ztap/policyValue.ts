import { isUtf8 } from 'buffer';
import { parseJsonObject } from './jsonObject';

/**
 * ZTAP's policy records (state, revisions, updates) are Go structs as JSON; the
 * policy itself is a Go []byte, which Go writes as base64. Field names vary between
 * ZTAP versions, so this is tolerant: any object with a base64 `YAML` field.
 */
export interface DecodedPolicy {
  /** The other fields, for a header. */
  fields: Array<[string, unknown]>;
  yaml: string;
}

export function decodePolicy(text: string): DecodedPolicy | null {
  const record = parseJsonObject(text);
  if (!record) {
    return null;
  }
  const key = Object.keys(record).find(k => k.toLowerCase() === 'yaml');
  const encoded = key ? record[key] : undefined;
  if (typeof encoded !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) {
    return null;
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (!isUtf8(bytes)) {
    return null;
  }
  return { fields: Object.entries(record).filter(([k]) => k !== key), yaml: bytes.toString('utf8') };
}

/** A YAML document: the record's fields as comments, then the decoded policy. */
export function formatPolicy(policy: DecodedPolicy): string {
  const header = policy.fields.map(([k, v]) => `# ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const body = policy.yaml.endsWith('\n') ? policy.yaml : `${policy.yaml}\n`;
  return [...header, '# YAML (decoded from the base64 that ZTAP stores):', body].join('\n');
}
