import * as assert from 'assert';
import { windowQuantile } from '../../src/core/metrics/histogram';
import { MetricsParseError, parsePrometheusText, total } from '../../src/core/metrics/prometheusText';

describe('the Prometheus text format', () => {
  it('reads samples with labels, escapes, special values and timestamps, skipping comments', () => {
    const samples = parsePrometheusText(
      [
        '# HELP etcd_server_has_leader Whether or not a leader exists.',
        '# TYPE etcd_server_has_leader gauge',
        'etcd_server_has_leader 1',
        'grpc_server_handled_total{grpc_code="OK",grpc_method="Range",grpc_service="etcdserverpb.KV",grpc_type="unary"} 42',
        'odd{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",} 1.5e3 1700000000000',
        'nan_value NaN',
        'inf_bucket{le="+Inf"} +Inf',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(samples[0], { name: 'etcd_server_has_leader', labels: {}, value: 1 });
    assert.deepStrictEqual(samples[1].labels, { grpc_code: 'OK', grpc_method: 'Range', grpc_service: 'etcdserverpb.KV', grpc_type: 'unary' });
    assert.deepStrictEqual(samples[2], { name: 'odd', labels: { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb' }, value: 1500 });
    assert.ok(Number.isNaN(samples[3].value));
    assert.strictEqual(samples[4].value, Infinity);
    assert.strictEqual(total(samples, 'grpc_server_handled_total', { grpc_code: 'OK' }), 42);
    assert.strictEqual(total(samples, 'missing'), undefined);
  });

  it('names the line and what is wrong with it', () => {
    assert.throws(
      () => parsePrometheusText('ok 1\nbroken{a="x" 2'),
      (err: Error) => err instanceof MetricsParseError && /line 2 .*"," or "}" expected/.test(err.message),
    );
    assert.throws(() => parsePrometheusText('x one'), /line 1 .*"one" is not a number/);
    assert.throws(() => parsePrometheusText('x{a="open} 1'), /never ends/);
  });

  it("a window's p99 comes from the buckets' deltas, interpolated in the bucket, not from the totals since start", () => {
    const scrape = (counts: number[]) => parsePrometheusText(['0.001', '0.01', '0.1', '+Inf'].map((le, i) => `h_bucket{le="${le}"} ${counts[i]}`).join('\n'));
    // Since start: 1,000 fast observations. In the window: 100 more, all between 0.01 and 0.1.
    const before = scrape([1000, 1000, 1000, 1000]);
    const after = scrape([1000, 1000, 1100, 1100]);
    assert.ok(Math.abs(windowQuantile(0.99, 'h', before, after)! - (0.01 + 0.09 * 0.99)) < 1e-9);
    assert.strictEqual(windowQuantile(0.99, 'h', after, after), undefined); // nothing observed
    assert.strictEqual(windowQuantile(0.99, 'h', [], scrape([0, 0, 0, 5])), 0.1); // above the top bound: the top bound
  });
});
