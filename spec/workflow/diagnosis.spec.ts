import { DeadlockError, Stream, Workflow, fromIterable } from '../../src/index';

/** Passes items on, never consuming more than it can push. */
function relay(name: string) {
  return new Stream<{ in: number }, { out: number }>({
    name,
    ins: ['in'],
    outs: ['out'],
    fn: (ins, outs) => {
      while (ins.in.size > 0 && !outs.out.full) outs.out.push(ins.in.pop());
    },
  });
}

async function deadlock(workflow: Workflow): Promise<DeadlockError> {
  try {
    await workflow.run();
  } catch (err) {
    if (err instanceof DeadlockError) return err;
    throw err;
  }
  throw new Error('expected a deadlock');
}

describe('DeadlockError.diagnosis', () => {
  it('names the stream that does not consume its full input, at the end of the waiting chain', async () => {
    const workflow = new Workflow({ capacity: 2 });
    const src = workflow.addStream(fromIterable([1, 2, 3, 4, 5, 6], { name: 'numbers' }));
    const lazy = workflow.addStream(new Stream<{ in: number }, {}>({ name: 'lazy', ins: ['in'], fn: () => undefined }));
    src.pipe(workflow.addStream(relay('relay')), { capacity: 2 }).pipe(lazy);
    const err = await deadlock(workflow);
    const d = err.diagnosis;
    expect(d.cycle).toBe(false);
    expect(d.end).toBe('lazy');
    expect(d.chain.map((l) => [l.stream, l.waitsFor, l.on])).toEqual([
      ['numbers', 'room', 'relay'],
      ['relay', 'room', 'lazy'],
    ]);
    expect(d.text).toBe(
      [
        'waiting chain:',
        '  numbers waits for room in numbers.out -> relay.in (2/2, full), drained by relay',
        '  relay waits for room in relay.out -> lazy.in (2/2, full), drained by lazy',
        '  lazy (holding unread input) does not consume its full input lazy.in: pop it in run(), or return true while there is work left.',
      ].join('\n'),
    );
    expect(err.message).toContain(d.text);
  });

  it('labels a stream that returned with unread input apart from one whose inputs are empty', async () => {
    // pair reads left only with right; right comes only from echo, which waits for pair's output.
    const workflow = new Workflow({ capacity: 2 });
    const numbers = workflow.addStream(fromIterable([1, 2, 3, 4, 5], { name: 'numbers' }));
    const pair = workflow.addStream(
      new Stream<{ left: number; right: number }, { out: number }>({
        name: 'pair',
        ins: ['left', 'right'],
        outs: ['out'],
        fn: (ins, outs) => {
          while (ins.left.size > 0 && ins.right.size > 0 && !outs.out.full)
            outs.out.push(ins.left.pop() + ins.right.pop());
        },
      }),
    );
    const echo = workflow.addStream(relay('echo'));
    numbers.output('out').pipe(pair.input('left'));
    pair.output('out').pipe(echo.input('in'));
    echo.output('out').pipe(pair.input('right'));
    const err = await deadlock(workflow);
    expect(err.stuck.map((s) => `${s.stream}: ${s.state}`)).toEqual([
      'echo: waiting for input',
      'pair: holding unread input',
      'numbers: waiting for room',
    ]);
    expect(err.diagnosis.text.split('\n')).toEqual([
      'waiting chain:',
      '  echo waits for input from pair on pair.out -> echo.in (0/2, empty)',
      '  pair waits for input from echo on echo.out -> pair.right (0/2, empty)',
      '  … and echo again: a cycle. Give one of its connections more capacity, or break the cycle.',
    ]);
  });

  it('finds a cycle of full and empty connections and draws it in red', async () => {
    const workflow = new Workflow({ capacity: 1 });
    const a = workflow.addStream(relay('a'));
    const b = workflow.addStream(relay('b'));
    a.pipe(b).pipe(a);
    const err = await deadlock(workflow);
    const d = err.diagnosis;
    expect(d.cycle).toBe(true);
    expect(d.end).toBeNull();
    expect(d.chain.map((l) => `${l.stream} waits for ${l.waitsFor} from ${l.on}`)).toEqual([
      'b waits for input from a',
      'a waits for input from b',
    ]);
    expect(d.text.split('\n')).toEqual([
      'waiting chain:',
      '  b waits for input from a on a.out -> b.in (0/1, empty)',
      '  a waits for input from b on b.out -> a.in (0/1, empty)',
      '  … and b again: a cycle. Give one of its connections more capacity, or break the cycle.',
    ]);
    expect(d.toDot()).toBe(
      [
        'digraph deadlock {',
        '  rankdir=LR;',
        '  node [shape=box, fontname="Helvetica"];',
        '  "b" [label="b\\nwaiting for input", color="#d62728", penwidth=2];',
        '  "a" [label="a\\nwaiting for input", color="#d62728", penwidth=2];',
        '  "a" -> "b" [label="0/1", color="#d62728", fontcolor="#d62728", penwidth=2];',
        '  "b" -> "a" [label="0/1", color="#d62728", fontcolor="#d62728", penwidth=2];',
        '}',
      ].join('\n'),
    );
  });
});
