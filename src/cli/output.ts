/** What a command prints as text: lines, or raw bytes (a value as stored). */
export type Text = readonly string[] | Buffer;

/**
 * How a command's results reach stdout, chosen once per run from --json: each command
 * says what it has in both forms, and the printer writes the one asked for. A JSON
 * document and a JSON line are the same bytes (one line); `records` is for lists and
 * streams whose items scripts read one line at a time.
 */
export interface Printer {
  readonly json: boolean;
  /** One result: a JSON document with --json, else its text. */
  result(json: () => unknown, text: () => Text): void;
  /** Items one JSON line each with --json, else the text (a table, say). */
  records<T>(items: readonly T[], json: (item: T) => unknown, text: () => Text): void;
}

export function printerFor(json: boolean): Printer {
  const write = (text: Text) => (Buffer.isBuffer(text) ? process.stdout.write(text) : printLines([...text]));
  return {
    json,
    result: (toJson, text) => (json ? printJson(toJson()) : write(text())),
    records: (items, toJson, text) => (json ? items.forEach(item => printJson(toJson(item))) : write(text())),
  };
}

/** Writes `value` as one JSON line, the shape scripts parse. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLines(lines: string[]): void {
  process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
}

/** A plain aligned table like etcdctl's `-w table` without the box drawing. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
