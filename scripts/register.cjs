/**
 * Lets Node require TypeScript files directly, for the examples and scripts:
 * each .ts file is transpiled by esbuild when it is first required (no type
 * check: `npm test` does that), with an inline source map for stack traces.
 * Nothing is written to disk, and `__dirname` and `require.main` mean what
 * they mean in the source.
 * Use: node -r ./scripts/register.cjs examples/linear.ts [args…]
 */
'use strict';
const { readFileSync } = require('node:fs');
const { transformSync } = require('esbuild');

process.setSourceMapsEnabled(true);

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: filename,
    // As tsc compiles them (target ES2022): class fields are defined, not assigned.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
  });
  module._compile(code, filename);
};
