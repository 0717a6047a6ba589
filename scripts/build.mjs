/**
 * Builds the package from src/ into dist/, once per module format:
 *
 *   dist/esm   ES modules  (`import`; bundlers tree-shake it)   + {"type":"module"}
 *   dist/cjs   CommonJS    (`require`)                          + {"type":"commonjs"}
 *
 * each with its own declarations, source maps and declaration maps that point
 * at the shipped src/. Two changes are made to what tsc emits:
 *
 * - Relative specifiers get their file extension (`./stream` → `./stream.js`,
 *   `./stages` → `./stages/index.js`), in code and declarations, because
 *   Node's ESM loader and `moduleResolution: node16` resolve nothing else.
 * - Declarations keep no `implements` clauses. `stripInternal` removes
 *   internal members, so a public class implementing an internal interface
 *   (Step implements PortOwner) would fail a consumer's type check; in a
 *   .d.ts the clause only re-checks the class, which a consumer never needs.
 *
 * The core (everything but src/node) is compiled without Node's types, so it
 * cannot use a Node global by mistake; src/node is compiled with them.
 * Run: npm run build
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

const formats = [
  { dir: 'esm', type: 'module', module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler },
  { dir: 'cjs', type: 'commonjs', module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
];
const configs = ['tsconfig.build.json', 'tsconfig.build.node.json'];

/** The specifier with its extension, when it names a file or folder of src/; else unchanged. */
function withExtension(specifier, fromFile) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier;
  if (/\.(m|c)?js$/.test(specifier)) return specifier;
  const target = resolve(dirname(fromFile), specifier);
  if (existsSync(`${target}.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, 'index.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  throw new Error(`${fromFile}: cannot resolve ${specifier}`);
}

/** A transformer that rewrites relative specifiers (imports, exports, import types), and optionally drops `implements`. */
function rewrite(dropImplements) {
  return (context) => {
    const f = context.factory;
    return (file) => {
      if (!ts.isSourceFile(file)) return file;
      const fix = (literal) => f.createStringLiteral(withExtension(literal.text, file.fileName));
      const visit = (node) => {
        if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
          return f.updateImportDeclaration(
            node,
            node.modifiers,
            node.importClause,
            fix(node.moduleSpecifier),
            node.attributes,
          );
        }
        if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
          return f.updateExportDeclaration(
            node,
            node.modifiers,
            node.isTypeOnly,
            node.exportClause,
            fix(node.moduleSpecifier),
            node.attributes,
          );
        }
        if (
          ts.isImportTypeNode(node) &&
          ts.isLiteralTypeNode(node.argument) &&
          ts.isStringLiteral(node.argument.literal)
        ) {
          return f.updateImportTypeNode(
            node,
            f.updateLiteralTypeNode(node.argument, fix(node.argument.literal)),
            node.attributes,
            node.qualifier,
            ts.visitNodes(node.typeArguments, visit),
            node.isTypeOf,
          );
        }
        if (dropImplements && ts.isClassDeclaration(node) && node.heritageClauses) {
          const kept = node.heritageClauses.filter((h) => h.token !== ts.SyntaxKind.ImplementsKeyword);
          node = f.updateClassDeclaration(
            node,
            node.modifiers,
            node.name,
            node.typeParameters,
            kept.length ? kept : undefined,
            node.members,
          );
        }
        return ts.visitEachChild(node, visit, context);
      };
      return ts.visitEachChild(file, visit, context);
    };
  };
}

function emit(configFile, format) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, configFile),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const options = {
    ...parsed.options,
    module: format.module,
    moduleResolution: format.moduleResolution,
    outDir: join(dist, format.dir),
    rootDir: join(root, 'src'),
    declaration: true,
    declarationMap: true,
    sourceMap: true,
    noEmitOnError: true,
  };
  const program = ts.createProgram(parsed.fileNames, options);
  const result = program.emit(undefined, undefined, undefined, false, {
    before: [rewrite(false)],
    afterDeclarations: [rewrite(true)],
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    throw new Error(ts.formatDiagnostics(diagnostics, host));
  }
}

rmSync(dist, { recursive: true, force: true });
for (const format of formats) {
  for (const config of configs) emit(config, format);
  mkdirSync(join(dist, format.dir), { recursive: true });
  writeFileSync(join(dist, format.dir, 'package.json'), `${JSON.stringify({ type: format.type })}\n`);
}
