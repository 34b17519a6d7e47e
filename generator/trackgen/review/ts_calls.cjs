// `trackgen status` for TypeScript: finds calls of the generated tracking functions with the
// TypeScript compiler's own parser (never a regular expression), in one node process for all
// files. Reads JSON on stdin: {"typescript": DIR, "prefix": "track", "files": [[NAME, TEXT]]};
// writes one entry per file: {"calls": [[LINE, COLUMN, FUNCTION]], "error": null | [LINE,
// COLUMN, MESSAGE]}. A call counts when its callee is `trackX` (an upper-case letter or a
// digit after the prefix, as the TypeScript target names them), `something.trackX`, or a
// name imported as `import { trackX as other }`.
"use strict";

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const ts = require(request.typescript);
  const prefix = request.prefix;
  const tracking = (name) =>
    name.length > prefix.length && name.startsWith(prefix) && /[A-Z0-9]/.test(name[prefix.length]);
  const kinds = { ".tsx": ts.ScriptKind.TSX, ".jsx": ts.ScriptKind.JSX };
  const out = request.files.map(([name, text]) => {
    const suffix = name.slice(name.lastIndexOf("."));
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, kinds[suffix] ?? ts.ScriptKind.TS);
    const where = (pos) => {
      const { line, character } = file.getLineAndCharacterOfPosition(pos);
      return [line + 1, character + 1];
    };
    const problems = file.parseDiagnostics ?? [];
    if (problems.length > 0) {
      const first = problems[0];
      return { calls: [], error: [...where(first.start ?? 0), ts.flattenDiagnosticMessageText(first.messageText, " ")] };
    }
    const aliases = new Map();
    for (const statement of file.statements) {
      const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (element.propertyName !== undefined && tracking(element.propertyName.text)) {
            aliases.set(element.name.text, element.propertyName.text);
          }
        }
      }
    }
    const calls = [];
    const visit = (node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        let name;
        if (ts.isIdentifier(callee)) {
          name = aliases.get(callee.text) ?? callee.text;
        } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
          name = callee.name.text;
        }
        if (name !== undefined && tracking(name)) {
          calls.push([...where(node.getStart(file)), name]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    return { calls, error: null };
  });
  process.stdout.write(JSON.stringify(out));
});
