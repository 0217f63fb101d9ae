import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const EXTENSION = join(__dirname, '..', '..', '..', 'src', 'extension');

/** The files under src/extension (relative paths) whose text matches `pattern`, but `except`. */
function filesMatching(pattern: RegExp, except: string): string[] {
  return readdirSync(EXTENSION, { recursive: true })
    .map(String)
    .filter(file => file.endsWith('.ts') && file !== except)
    .filter(file => pattern.test(readFileSync(join(EXTENSION, file), 'utf8')));
}

describe('rules of the extension code', () => {
  it('settings are read in settings.ts alone, so each default is written once', () => {
    assert.deepStrictEqual(filesMatching(/getConfiguration\(/, 'settings.ts'), []);
  });

  it("a row's contextValue is set through withMenus alone, so each is one of the typed ContextValues", () => {
    assert.deepStrictEqual(filesMatching(/\.contextValue\s*=/, join('tree', 'treeNode.ts')), []);
  });

  it('extension.ts keeps no state of its own at module level: deactivate reaches the shutdown through VS Code', () => {
    const text = readFileSync(join(EXTENSION, 'extension.ts'), 'utf8');
    assert.deepStrictEqual(text.match(/^(let|var|const) .*/gm) ?? [], []);
  });
});

describe('rules of the CLI code', () => {
  it("the launcher imports Node's modules and the command words only: anything more is compiled on every start", () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'src', 'cli', 'launch.ts'), 'utf8');
    const imported = [...text.matchAll(/^import .* from '([^']+)';$/gm)].map(m => m[1]);
    assert.deepStrictEqual(
      imported.filter(from => from.startsWith('.')),
      ['./commandWords'],
    );
  });
});
