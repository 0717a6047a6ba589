import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { generateLog, logLine, processLogs } from '../../examples/log-processing';

describe('examples/log-processing', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rx-mimo-logs-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Each block of 100 lines has 2 ERROR, 8 WARN, 50 INFO and 40 DEBUG; lines 999 and 1999 (DEBUG slots) are garbage.
  it('counts every level, writes exactly the error lines, and buffers no more than the capacities', async () => {
    const input = join(dir, 'app.log');
    const errorsFile = join(dir, 'errors.log');
    await generateLog(input, 2000);
    const written: string[] = [];
    const report = await processLogs(input, errorsFile, { capacity: 8, output: { write: (t) => written.push(t) } });
    expect(report.lines).toBe(2000);
    expect(report.counts).toEqual({ ERROR: 40, WARN: 160, INFO: 1000, DEBUG: 798, MALFORMED: 2 });
    const errorLines = Array.from({ length: 2000 }, (_, i) => logLine(i)).filter((l) => l.includes(' ERROR '));
    expect(errorLines.length).toBe(40);
    expect(errorLines[0]).toBe('2026-01-01T00:00:00.000Z ERROR [svc-0] request 0 failed: upstream timeout');
    expect(readFileSync(errorsFile, 'utf8')).toBe(errorLines.join('\n') + '\n');
    expect(report.metrics.connections.every((c) => c.peak <= 8)).toBe(true);
    expect(report.peakBuffered).toBeLessThanOrEqual(8 * 7);
    expect(written.length).toBe(1);
    expect(written[0]).toMatch(
      /^logs \d+\.\ds completed \| sinks 2,000 items \(.*\) \| most often full [a-zA-Z]+\.in \(\d+ times\)\n$/,
    );
  });
});
