/**
 * The packed package, shared by every spec of a run: `npm pack` on a clean
 * copy of the tree happens once, on first use, and its folder goes when the
 * run ends.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { packFromCleanCopy } from '../../scripts/pack';

let tarball: string | undefined;

/** The path of rx-mimo's tarball, as `npm ci && npm pack` on a fresh clone makes it. */
export function packed(): string {
  if (tarball === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'rx-mimo-packed-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    tarball = packFromCleanCopy(dir);
  }
  return tarball;
}
