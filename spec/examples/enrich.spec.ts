import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { enrich, orders } from '../../examples/enrich';

describe('examples/enrich', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rx-mimo-enrich-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every order the service accepts after its retries, in order, and skips the one it always refuses', async () => {
    const started = Date.now();
    const report = await enrich(orders(60), join(dir, 'out.jsonl'));
    // customer-13 has orders 13, 33 and 53: three attempts each, then skipped.
    expect(report.skipped).toBe(3);
    expect(report.written).toBe(57);
    expect(report.lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1).filter((id) => id % 20 !== 13),
    );
    // 8 flaky customers fail once each, customer-13 fails 9 times: 17 failures, 57 + 17 calls.
    expect(report.failures).toBe(17);
    expect(report.calls).toBe(74);
    expect(JSON.parse(report.lines[0])).toEqual({
      id: 1,
      customer: 'customer-1',
      amount: 10,
      tier: 'bronze',
      country: 'DE',
    });
    // 60 orders at 200 a second after a burst of 10 take at least a quarter of a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});
