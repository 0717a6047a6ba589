/**
 * Measures one row of OPERATIONS (its index is the argument) and prints the
 * result as JSON. `scale.spec.ts` runs it in a child process with a young
 * generation large enough that collections do not land at random in the
 * measurements.
 */
import { OPERATIONS, measure } from './scale-operations';

const op = OPERATIONS[Number(process.argv[2])];
if (op === undefined) throw new Error(`scale-probe: no operation ${process.argv[2]}`);
void measure(op).then((measured) => process.stdout.write(JSON.stringify(measured)));
