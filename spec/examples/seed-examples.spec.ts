/** The four seed examples print exactly what the seed implies. */
import { execFileSync } from 'child_process';
import * as path from 'path';

const run = (name: string) =>
  execFileSync(process.execPath, [path.resolve(__dirname, '..', '..', 'examples', `${name}.js`)], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');

describe('seed examples', () => {
  it('linear: range → multiply → print', () => {
    expect(run('linear')).toEqual(['0', '3', '6', '9', '12', '15', '18', '21', '24', '27']);
  });

  it('fork: each number to the even or the odd printer, back-pressured per branch', () => {
    const lines = run('fork');
    expect(lines.filter((l) => l.startsWith('even'))).toEqual(['even: 0', 'even: 2', 'even: 4', 'even: 6', 'even: 8']);
    expect(lines.filter((l) => l.startsWith('odd'))).toEqual(['odd: 1', 'odd: 3', 'odd: 5', 'odd: 7', 'odd: 9']);
    expect(lines.length).toBe(10);
  });

  it('join: range up and range down, synchronised, multiplied', () => {
    expect(run('join')).toEqual(['0', '8', '14', '18', '20', '20', '18', '14', '8', '0']);
  });

  it('split: one output broadcast to two consumers, interleaved by capacity 2', () => {
    expect(run('split')).toEqual([
      'upper: A',
      'upper: B',
      'repeat: aa',
      'repeat: bb',
      'upper: C',
      'upper: D',
      'repeat: cc',
      'repeat: dd',
      'upper: E',
      'repeat: ee',
    ]);
  });
});
