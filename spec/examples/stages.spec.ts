import { execFile } from 'child_process';
import * as path from 'path';

/** Runs a compiled example as its npm script does and resolves with what it printed. */
function runExample(name: string): Promise<string> {
  const file = path.resolve(__dirname, '..', '..', 'examples', 'stages', `${name}.js`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe('examples/stages', () => {
  it('linear: range → multiply → print', async () => {
    expect(await runExample('linear')).toBe('10\n20\n30\n40\n50\n');
  });

  it('fork: routed by a condition to true and false', async () => {
    expect(await runExample('fork')).toBe('even: 2 4 6 8 10\nodd: 1 3 5 7 9\n');
  });

  it('join: a range up and a range down in lockstep, multiplied', async () => {
    expect(await runExample('join')).toBe('0 × 5 = 0\n1 × 4 = 4\n2 × 3 = 6\n3 × 2 = 6\n4 × 1 = 4\n5 × 0 = 0\n');
  });

  it('split: one output broadcast to two consumers', async () => {
    expect(await runExample('split')).toBe('running totals: 1 3 6 10 15 21\nsquares: 1 4 9 16 25 36\n');
  });

  it('orders-payments: two keyed inputs joined by id', async () => {
    expect(await runExample('orders-payments')).toBe(
      'order 1 (Ada): 30.00 by transfer, paid\n' +
        'order 3 (Linus): 99.00 by card, paid\n' +
        'order 2 (Grace): 12.50 by card, short by 2.50\n',
    );
  });
});
