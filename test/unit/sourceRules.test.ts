import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const EXTENSION = join(__dirname, '..', '..', '..', 'src', 'extension');

describe('settings', () => {
  it('are read in src/extension/settings.ts alone, so each default is written once', () => {
    const readers = readdirSync(EXTENSION, { recursive: true })
      .map(String)
      .filter(file => file.endsWith('.ts') && file !== 'settings.ts')
      .filter(file => /getConfiguration\(/.test(readFileSync(join(EXTENSION, file), 'utf8')));
    assert.deepStrictEqual(readers, []);
  });
});
