import * as assert from 'assert';
import { ConfigError } from '../../src/core/config/configError';
import { parseEndpoint, parseEndpoints } from '../../src/core/config/endpoints';

describe('endpoint parsing', () => {
  it('accepts host:port, http:// and https:// forms', () => {
    assert.deepStrictEqual(parseEndpoint('localhost:2379'), {
      original: 'localhost:2379',
      secure: false,
      host: 'localhost',
      port: 2379,
      url: 'http://localhost:2379',
    });
    assert.strictEqual(parseEndpoint('http://127.0.0.1:22379').url, 'http://127.0.0.1:22379');
    const tls = parseEndpoint('https://etcd-1.example:2379');
    assert.strictEqual(tls.secure, true);
    assert.strictEqual(tls.url, 'https://etcd-1.example:2379');
    assert.strictEqual(parseEndpoint('[::1]:2379').host, '[::1]');
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['empty', '', /is empty/],
    ['blank', '   ', /is empty/],
    ['no port', 'localhost', /has no port/],
    ['no port with scheme', 'http://localhost', /has no port/],
    ['port zero', 'localhost:0', /out of range/],
    ['port too big', 'localhost:65536', /out of range/],
    ['other scheme', 'unix://localhost:2379', /scheme "unix" is not supported/],
    ['grpc scheme', 'grpc://localhost:2379', /scheme "grpc" is not supported/],
    ['spaces', 'local host:2379', /contains spaces/],
    ['trailing space', 'localhost:2379 ', /contains spaces/],
    ['empty port', 'localhost:', /malformed/],
    ['path', 'http://localhost:2379/v3', /malformed|no port/],
  ];
  for (const [name, raw, reason] of invalid) {
    it(`rejects ${name} (${JSON.stringify(raw)}) quoting the entry`, () => {
      assert.throws(
        () => parseEndpoint(raw),
        (err: unknown) => err instanceof ConfigError && err.message.includes(JSON.stringify(raw)) && reason.test(err.message),
      );
    });
  }

  it('rejects an empty list and a mix of http and https', () => {
    assert.throws(() => parseEndpoints([]), /No etcd endpoints/);
    assert.throws(() => parseEndpoints(['http://a:1', 'https://b:2']), /mix http and https/);
  });
});
