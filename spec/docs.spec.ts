/**
 * Every public export of the four entry points has a doc comment with a
 * one-line summary; every exported function and class also shows an example.
 */
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
const ENTRIES = ['src/index.ts', 'src/testing/index.ts', 'src/node/index.ts', 'src/redis/index.ts'];

/** `entry: name` of every export that misses its summary, or its example. */
export function undocumented(): string[] {
  const files = ENTRIES.map((e) => path.join(root, e));
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  for (const [i, file] of files.entries()) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const exports = checker.getExportsOfModule(module);
    // Classes that exported functions return (Collect from collect()): their example is the function's.
    const made = new Set<string>();
    for (const e of exports) {
      const symbol = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      if (!(symbol.flags & ts.SymbolFlags.Function) || symbol.valueDeclaration === undefined) continue;
      const type = checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration);
      for (const signature of type.getCallSignatures()) {
        made.add(checker.typeToString(checker.getReturnTypeOfSignature(signature)).replace(/<.*$/, ''));
      }
    }
    for (const exported of exports) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const where = `${ENTRIES[i]}: ${exported.name}`;
      if (summary === '') {
        problems.push(`${where} has no doc comment`);
        continue;
      }
      const needsExample = symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class);
      const hasExample = symbol.getJsDocTags(checker).some((t) => t.name === 'example') || summary.includes('```');
      // Error classes are shown where they are thrown; a class made by a function is shown there.
      const exempt = /Error$/.test(exported.name) || made.has(exported.name);
      if (needsExample && !hasExample && !exempt) problems.push(`${where} has no example`);
    }
  }
  return problems;
}

describe('API docs', () => {
  it('document every public export, with an example for each function and class', () => {
    expect(undocumented()).toEqual([]);
  });
});
