import * as vscode from 'vscode';
import type { OpenSnapshots } from '../snapshots/openSnapshots';
import { FormattedValue, formatValue, ShowAs } from '../../core/values/valueFormat';
import { KeyValueRecord, readKey } from '../../core/values/getKey';
import type { ConnectionService } from '../connections/connectionService';
import { guardedPut, KeyVersion, ValueTooLarge, WriteConflict } from '../../core/writes/guardedWrites';
import type { WritePolicy } from '../writePolicy';
import type { Dialogs } from '../dialogs';
import type { Log } from '../log';
import { compareWithEtcd } from './valueSaveDialogs';
import { deniedOn, PermissionDenied } from '../../core/client/errors';
import { accessQuestionOf, showDenied } from '../access/offerCheckAccess';
import { keyOfUri, VALUE_SCHEME, valueUri, ValueView, viewOfUri } from './valueUris';

/** When and at which revisions a document's value was read. */
export interface ValueRead {
  key: string;
  /** etcd's revision when it was read. */
  revision: string;
  /** The key's mod revision then; undefined when the key did not exist. */
  modRevision?: string;
  at: Date;
}

/** A base version no key has, present or absent (-1): every guarded save against it asks. */
export const UNKNOWN_BASE: KeyVersion = { modRevision: '-1', createRevision: '-1' };

/** What an open document was loaded from: the version a save must still find in etcd. */
interface Loaded {
  key: string;
  version: KeyVersion | null;
  format: FormattedValue | undefined;
  /** Why it cannot be saved; undefined when it can. */
  readOnly?: string;
  /** The stored JSON was on one line (as ZTAP writes it): saved on one line again. */
  compactJson: boolean;
}

/**
 * Keys as documents, through a FileSystemProvider so that VS Code's dirty state,
 * undo, save, Save As, Compare with Saved and the diff editor work as for files.
 * JSON shows pretty-printed and is saved as it was stored (one line stays one line);
 * ZTAP policies show decoded (read-only: Open Raw Value edits the record), values
 * that are not UTF-8 as a hex dump (read-only), and so do previews of big values.
 *
 * A save is one compare-and-swap against the version the document was loaded from
 * (mod and create revision): when someone changed or deleted the key meanwhile,
 * nothing is written and the user is asked (Compare, Overwrite, or leave it).
 * An open value follows etcd: `keysChanged` makes VS Code read a clean document
 * again, and marks one with unsaved edits as changed in etcd.
 */
export class ValueDocumentProvider implements vscode.FileSystemProvider, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly decorationChanges = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.decorationChanges.event;
  private readonly readsEmitter = new vscode.EventEmitter<ValueRead>();
  /** Fires after each read of a document's value. */
  readonly onDidRead = this.readsEmitter.event;
  private readonly loaded = new Map<string, Loaded>();
  private readonly reads = new Map<string, ValueRead>();
  /** Documents with unsaved edits whose key changed in etcd: the mod revision etcd has now. */
  private readonly changedInEtcd = new Map<string, string>();
  /** How many times Show Value As... changed a choice (it moves the documents' mtime). */
  private shownAsChanges = 0;

  constructor(
    private readonly connection: ConnectionService,
    /** Saves pass the write policy: refused on a read-only connection, asked off this machine. */
    private readonly writes: WritePolicy,
    /** The questions a save may ask (Dialogs: tests answer them). */
    private readonly dialogs: Dialogs,
    private readonly log?: Log,
    private readonly snapshots?: OpenSnapshots,
    /** Where Show Value As... choices are kept (the workspace's state). */
    private readonly memento?: vscode.Memento,
  ) {}

  // --- reading ---

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (uri.path !== valueUri(keyOfUri(uri), viewOfUri(uri)).path) {
      // A parent of a key's document path (VS Code checks the folder before writing).
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const held = this.loaded.get(uri.toString());
    if (held && vscode.workspace.textDocuments.some(d => d.uri.toString() === uri.toString() && d.isDirty)) {
      // Unsaved edits: VS Code compares this with what it loaded before saving, and on
      // a difference would refuse with its own message. The compare-and-swap in
      // writeFile decides instead, and names the revisions (askAboutConflict).
      return this.statOf(held);
    }
    return this.statOf(await this.read(uri, false));
  }

  private statOf(loaded: Loaded): vscode.FileStat {
    const v = loaded.version;
    return {
      type: vscode.FileType.File,
      ctime: v ? Number(v.createRevision) : 0,
      // The mod revision: VS Code re-reads a clean document when it moves. Show Value
      // As... changes the text of the same revision: a count of those choices moves it too.
      mtime: (v ? Number(v.modRevision) : 0) * 1024 + (this.shownAsChanges % 1024),
      size: loaded.format ? Buffer.byteLength(this.textOf(loaded)) : 0,
      permissions: loaded.readOnly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const loaded = await this.read(uri, true);
    this.changedInEtcd.delete(uri.toString());
    this.decorationChanges.fire([uri]);
    // An open document follows what it now shows: a key deleted meanwhile becomes a plain
    // notice (as JSON it would be an error in Problems), and JSON again when it is back.
    setTimeout(() => {
      const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      if (doc) {
        void this.applyLanguage(doc);
      }
    }, 0);
    return Buffer.from(this.textOf(loaded, viewOfUri(uri).revision));
  }

  private textOf(loaded: Loaded, revision?: string): string {
    if (!loaded.format) {
      return revision ? `The key ${loaded.key} did not exist at revision ${revision}.\n` : `The key ${loaded.key} does not exist (any more).\n`;
    }
    return loaded.format.notice ? `${loaded.format.notice}\n\n${loaded.format.text}` : loaded.format.text;
  }

  /** Reads the key (at the view's revision); `remember` records it as what the document holds. */
  private async read(uri: vscode.Uri, remember: boolean): Promise<Loaded> {
    const key = keyOfUri(uri);
    const view = viewOfUri(uri);
    const { revision, record } = view.snapshot
      ? await this.readSnapshot(view.snapshot, key)
      : await readKey(this.connection.requireSession().client, key, view.revision);
    const format = record ? formatValue(record.value, { raw: view.raw, as: view.raw ? 'auto' : this.showAsOf(key) }) : undefined;
    const loaded: Loaded = {
      key,
      version: record ? { modRevision: record.modRevision, createRevision: record.createRevision } : null,
      format,
      compactJson: !!record && !record.value.includes(0x0a),
      readOnly: this.readOnlyReason(uri, view, format),
    };
    if (remember) {
      this.loaded.set(uri.toString(), loaded);
      const read: ValueRead = { key, revision, modRevision: record?.modRevision, at: new Date() };
      this.reads.set(uri.toString(), read);
      this.readsEmitter.fire(read);
    }
    return loaded;
  }

  /** A key as an open snapshot file has it. */
  private async readSnapshot(id: string, key: string): Promise<{ revision: string; record: KeyValueRecord | null }> {
    const snapshot = this.snapshots?.get(id);
    if (!snapshot) {
      throw vscode.FileSystemError.Unavailable(`ZTAP: the snapshot this value came from is closed; open it again (ZTAP: Open Snapshot...).`);
    }
    return { revision: String(snapshot.browser.revision), record: await snapshot.browser.get(key) };
  }

  private readOnlyReason(uri: vscode.Uri, view: ValueView, format: FormattedValue | undefined): string | undefined {
    if (view.snapshot) {
      const snapshot = this.snapshots?.get(view.snapshot);
      return `this is the value in the snapshot ${snapshot?.browser.path ?? ''} (Restore Keys to Cluster... puts it back)`;
    }
    if (view.revision) {
      return `this is revision ${view.revision} of the key, from etcd's history`;
    }
    if (!format) {
      return 'the key does not exist (New Key creates keys)';
    }
    if (format.notice) {
      return 'only a preview of this big value is shown';
    }
    if (format.kind === 'hex' || format.kind === 'base64') {
      return this.showAsOf(keyOfUri(uri))
        ? `the value is shown as ${format.kind === 'hex' ? 'a hex dump' : 'base64'} (Show Value As... Text or JSON edits it); Replace Value from File writes any bytes`
        : 'the value is not UTF-8 text (shown as a hex dump); Replace Value from File writes any bytes';
    }
    if (format.kind === 'policy') {
      return 'this is the decoded view of a ZTAP policy record; Open Raw Value edits the record itself';
    }
    return this.connection.readOnlyReason();
  }

  /** How the user chose to see `key` (Show Value As...), undefined for automatic; kept per workspace. */
  showAsOf(key: string): ShowAs | undefined {
    const as = this.memento?.get<Record<string, ShowAs>>(SHOW_AS_KEY, {})[key];
    return as === 'auto' ? undefined : as;
  }

  /** Remembers how to show `key`, and shows its open documents that way. */
  async setShowAs(key: string, as: ShowAs): Promise<void> {
    const all = { ...this.memento?.get<Record<string, ShowAs>>(SHOW_AS_KEY, {}) };
    if (as === 'auto') {
      delete all[key];
    } else {
      all[key] = as;
    }
    await this.memento?.update(SHOW_AS_KEY, all);
    this.shownAsChanges++;
    const open = vscode.workspace.textDocuments.filter(d => d.uri.scheme === VALUE_SCHEME && keyOfUri(d.uri) === key && !viewOfUri(d.uri).raw);
    this.changes.fire(open.map(d => ({ type: vscode.FileChangeType.Changed, uri: d.uri })));
  }

  /**
   * Gives a value's document the language of its format (JSON, a policy's YAML, ...),
   * however it was opened (the tree, Find Key, Open Key Value, a lease's key, a
   * version): every way of opening a key gives the same editor.
   */
  async applyLanguage(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== VALUE_SCHEME) {
      return;
    }
    const loaded = this.loaded.get(doc.uri.toString());
    const language = loaded && (loaded.format?.language ?? 'plaintext');
    if (language && doc.languageId !== language) {
      await vscode.languages.setTextDocumentLanguage(doc, language);
    }
  }

  /** How the last content of `uri` was formatted (language, notice). */
  formatOf(uri: vscode.Uri): FormattedValue | undefined {
    return this.loaded.get(uri.toString())?.format;
  }

  /** Why `uri` cannot be saved, or undefined when it can. */
  readOnlyOf(uri: vscode.Uri): string | undefined {
    return this.loaded.get(uri.toString())?.readOnly;
  }

  /** When, and at which revision, `uri` was last read. */
  readOf(uri: vscode.Uri): ValueRead | undefined {
    return this.reads.get(uri.toString());
  }

  /** The mod revision etcd has for a document with unsaved edits whose key changed there. */
  changedInEtcdOf(uri: vscode.Uri): string | undefined {
    return this.changedInEtcd.get(uri.toString());
  }

  /** Re-reads an open document, e.g. when its key is opened again. */
  reload(uri: vscode.Uri): void {
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /**
   * Keys that changed in etcd: VS Code reads each clean open document of them again;
   * one with unsaved edits keeps them and is marked as changed in etcd.
   */
  keysChanged(keys: Iterable<string>): number {
    const changed = new Set(keys);
    const events: vscode.FileChangeEvent[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== VALUE_SCHEME || !changed.has(keyOfUri(doc.uri)) || viewOfUri(doc.uri).revision) {
        continue;
      }
      events.push({ type: vscode.FileChangeType.Changed, uri: doc.uri });
      if (doc.isDirty) {
        void this.markChanged(doc.uri);
      }
    }
    if (events.length > 0) {
      this.changes.fire(events);
    }
    return events.length;
  }

  private async markChanged(uri: vscode.Uri): Promise<void> {
    const now = await this.read(uri, false).catch(() => undefined);
    const mod = now?.version?.modRevision ?? 'deleted';
    if (mod !== this.loaded.get(uri.toString())?.version?.modRevision) {
      this.changedInEtcd.set(uri.toString(), mod);
      this.decorationChanges.fire([uri]);
      this.readsEmitter.fire(this.reads.get(uri.toString())!);
    }
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const mod = this.changedInEtcd.get(uri.toString());
    if (uri.scheme !== VALUE_SCHEME || mod === undefined) {
      return undefined;
    }
    return {
      // Not "!": YAML's file icon (every policy tab) looks like one.
      badge: '≠',
      tooltip: mod === 'deleted' ? 'Deleted in etcd since it was opened' : `Changed in etcd (mod revision ${mod}) since it was opened`,
      color: new vscode.ThemeColor('list.warningForeground'),
    };
  }

  // --- writing ---

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    try {
      await this.save(uri, content);
    } catch (err) {
      if (!(err instanceof SaveCancelled)) {
        throw err;
      }
      // The user said no (or chose Compare): nothing written, and no second message on
      // top of the dialog they answered. The editor keeps their text, unsaved.
      this.log?.info(`Save of ${uri.path} not done: ${err.message}`);
      keepUnsaved(uri);
    }
  }

  private async save(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    // Not read by this window (unsaved edits VS Code restored after a reload, or a write
    // from elsewhere): the version it was based on is unknown, so nothing is assumed:
    // the user is asked as for a change made meanwhile, against what etcd has now.
    const loaded = this.loaded.get(uri.toString()) ?? { ...(await this.read(uri, false)), version: UNKNOWN_BASE };
    if (loaded.readOnly) {
      throw vscode.FileSystemError.NoPermissions(`ZTAP: not saved: ${loaded.readOnly}.`);
    }
    const value = await this.valueToSave(loaded, Buffer.from(content));
    if (!(await this.writes.allow(`save ${loaded.key}`))) {
      throw new SaveCancelled('the write was declined');
    }
    const etcd = this.connection.requireSession().client;
    let expected: KeyVersion | null = loaded.version;
    for (;;) {
      try {
        const { revision } = await guardedPut(etcd, loaded.key, value, expected ? { kind: 'version', version: expected } : { kind: 'absent' }, {
          keepLease: true,
        });
        const createRevision = expected?.createRevision ?? revision;
        this.loaded.set(uri.toString(), { ...loaded, version: { modRevision: revision, createRevision } });
        this.changedInEtcd.delete(uri.toString());
        this.decorationChanges.fire([uri]);
        this.writes.written(`saved ${loaded.key}: ${value.length} bytes, revision ${revision}`);
        const read: ValueRead = { key: loaded.key, revision, modRevision: revision, at: new Date() };
        this.reads.set(uri.toString(), read);
        this.readsEmitter.fire(read);
        return;
      } catch (err) {
        if (err instanceof ValueTooLarge) {
          throw vscode.FileSystemError.NoPermissions(`ZTAP: ${err.message}`);
        }
        const denied = deniedOn(err, { op: 'write', key: loaded.key }, this.connection.config?.username);
        const question = accessQuestionOf(denied);
        if (denied instanceof PermissionDenied) {
          // VS Code says the save failed (the editor keeps the text); this says who may not write what, with Check Access.
          this.log?.warn(`Save of ${loaded.key} refused by etcd: ${denied.message}`);
          if (question) {
            void showDenied(`ZTAP: not saved: ${denied.message}`, question);
          }
          throw vscode.FileSystemError.NoPermissions(`ZTAP: ${denied.message}`);
        }
        if (!(err instanceof WriteConflict)) {
          throw err;
        }
        this.log?.warn(`Save of ${loaded.key} refused: ${err.message}`);
        const choice = await this.dialogs.saveConflict(loaded.key, err);
        if (choice === 'overwrite') {
          // A new compare-and-swap against what etcd has now: a change made after this answer is caught again.
          expected = err.current;
          continue;
        }
        if (choice === 'compare') {
          // Opened once this save has ended: the diff shows this very document, which
          // VS Code may not hand to an editor while its save is still running.
          setTimeout(() => void compareWithEtcd(etcd, uri, loaded.key).catch(err => this.log?.warn(`Compare of ${loaded.key}: ${(err as Error).message}`)), 0);
        }
        throw new SaveCancelled(`${err.message}; ${choice === 'compare' ? 'compared instead' : 'cancelled'}`);
      }
    }
  }

  /** The bytes to store: JSON kept valid (or the user agrees) and in its stored layout. */
  private async valueToSave(loaded: Loaded, content: Buffer): Promise<Buffer> {
    if (loaded.format?.kind !== 'json') {
      return content;
    }
    const text = content.toString('utf8');
    try {
      const parsed: unknown = JSON.parse(text);
      return Buffer.from(loaded.compactJson ? JSON.stringify(parsed) : `${JSON.stringify(parsed, null, 2)}\n`);
    } catch (err) {
      if (!(await this.dialogs.invalidJson(loaded.key, (err as Error).message))) {
        throw new SaveCancelled(`the text is not valid JSON (${(err as Error).message}) and the user kept it unsaved`);
      }
      return content;
    }
  }

  // --- what a key-value store does not have ---

  watch(): vscode.Disposable {
    // Changes come from the tree's watch (keysChanged): nothing to set up per file.
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('ZTAP: folders are made by the keys in them: use New Key.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('ZTAP: delete keys from the tree (Delete Key keeps a recovery file).');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('ZTAP: rename keys from the tree (Rename Key).');
  }

  dispose(): void {
    this.changes.dispose();
    this.decorationChanges.dispose();
    this.readsEmitter.dispose();
  }
}

/** Show Value As... choices, by key, in the workspace's state. */
const SHOW_AS_KEY = 'ztap.showValueAs';

/** The user answered a save's question with no: the save ends without writing and without an error. */
class SaveCancelled extends Error {}

/**
 * A save that wrote nothing ends without an error (an error would raise VS Code's own
 * "Failed to save" notification, with the value's internal URI, on top of the dialog
 * already answered), so VS Code takes the document for saved: an edit and its reverse
 * make it dirty again, keeping the text and the prompt to save it when it is closed.
 */
function keepUnsaved(uri: vscode.Uri): void {
  const saved = vscode.workspace.onDidSaveTextDocument(async doc => {
    if (doc.uri.toString() !== uri.toString()) {
      return;
    }
    saved.dispose();
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const insert = new vscode.WorkspaceEdit();
    insert.insert(uri, end, ' ');
    if (await vscode.workspace.applyEdit(insert)) {
      const remove = new vscode.WorkspaceEdit();
      remove.delete(uri, new vscode.Range(end, end.translate(0, 1)));
      // The user's text must come back exactly: try the reverse edit again if it is refused.
      if (!(await vscode.workspace.applyEdit(remove))) {
        await vscode.workspace.applyEdit(remove);
      }
    }
  });
  setTimeout(() => saved.dispose(), 10_000);
}
