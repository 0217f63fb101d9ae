/**
 * The Prometheus text exposition format (version 0.0.4), as etcd's /metrics serves it:
 * `# HELP` and `# TYPE` lines, then one sample a line, `name{label="value",...} value
 * [timestamp]`. Written here rather than taken from npm: the format is a few rules, and
 * the parser is tested on every etcd release's real output (test/integration/metrics).
 */

export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** A line that is not a sample: its number and text, in the message. */
export class MetricsParseError extends Error {
  constructor(line: number, text: string, why: string) {
    super(`metrics line ${line} (${text.length > 80 ? `${text.slice(0, 80)}…` : text}): ${why}`);
    this.name = 'MetricsParseError';
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    samples.push(parseSample(line, i + 1));
  }
  return samples;
}

function parseSample(line: string, number: number): Sample {
  const fail = (why: string): never => {
    throw new MetricsParseError(number, line, why);
  };
  const name = NAME.exec(line)?.[0] ?? fail('no metric name');
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      while (line[pos] === ' ') {
        pos++;
      }
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const labelName = LABEL_NAME.exec(line.slice(pos))?.[0] ?? fail(`a label name expected at column ${pos + 1}`);
      pos += labelName.length;
      if (line[pos] !== '=' || line[pos + 1] !== '"') {
        fail(`="value" expected after label ${labelName}`);
      }
      pos += 2;
      let value = '';
      for (;;) {
        const c = line[pos];
        if (c === undefined) {
          fail(`the value of label ${labelName} never ends`);
        }
        pos++;
        if (c === '"') {
          break;
        }
        if (c === '\\') {
          const e = line[pos++];
          value += e === 'n' ? '\n' : e === '\\' ? '\\' : e === '"' ? '"' : `\\${e}`;
        } else {
          value += c;
        }
      }
      labels[labelName] = value;
      while (line[pos] === ' ') {
        pos++;
      }
      if (line[pos] === ',') {
        pos++;
      } else if (line[pos] !== '}') {
        fail(`"," or "}" expected at column ${pos + 1}`);
      }
    }
  }
  const [valueText] = line.slice(pos).trim().split(/\s+/);
  const value = parseValue(valueText ?? '') ?? fail(`"${valueText ?? ''}" is not a number`);
  return { name, labels, value };
}

function parseValue(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    return undefined;
  }
  return Number(text);
}

/** The samples named `name` whose labels include `match`. */
export function samplesOf(samples: readonly Sample[], name: string, match: Readonly<Record<string, string>> = {}): Sample[] {
  return samples.filter(s => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** The sum of the samples named `name` (labels matching `match`); undefined when there is none. */
export function total(samples: readonly Sample[], name: string, match: Readonly<Record<string, string>> = {}): number | undefined {
  const found = samplesOf(samples, name, match);
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}
