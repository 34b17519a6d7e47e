"use strict";
/**
 * The fuzzer's long-lived Node.js worker for the TypeScript target (tests/fuzz/fuzz_targets.py).
 *
 * Spawning `tsc` or `node` per plan costs about a second each, so pytest starts this once
 * and feeds it one JSON request per line on stdin; it answers one JSON line per request
 * on stdout. Requests:
 *
 * - `{"op": "check", "files": {name: source}, "expect": {...}}`: transpile each file with
 *   the TypeScript compiler API (syntax errors are problems), and scan its syntax tree for
 *   plan text that became code: identifiers that are neither declared in the module nor
 *   one of the few globals the template uses, non-ASCII names outside object keys, plan
 *   strings that do not come back byte for byte from the string literals the parser
 *   reads, JSDoc tags other than the plan's own `@deprecated`, and `</script` or `<!--`
 *   in the JavaScript a bundler would ship. Each file also goes through prettier's own
 *   `format` (the pinned version, default options, as `prettier --check` would): a file
 *   it would change comes back in `unformatted`, with what prettier makes of it, so the
 *   fuzzer shows the diff. Answers `{"problems": [...], "unformatted": {name: text}}`.
 * - `{"op": "run", "files": {...}, "calls": [...]}`: load each file's JavaScript (from the
 *   check, or transpiled again), configure it with a recording client in "throw" mode,
 *   and call every event twice (through a `Tracker` and through the module function
 *   after `configure`). Answers what each call sent (as `JSON.stringify`, which is what
 *   the SDKs put on the wire), plus whether any marker a plan string could set exists.
 */
const path = require("node:path");
const readline = require("node:readline");

const ROOT = path.resolve(__dirname, "..", "..");
const ts = require(path.join(ROOT, "node_modules", "typescript"));
const prettier = require(path.join(ROOT, "node_modules", "prettier"));

const PWNED = "TG_PWNED";
/** Globals the template itself refers to; any other free identifier came from plan text. */
const GLOBALS = new Set([
  "Array", "BigInt", "Date", "Error", "JSON", "Number", "Object", "Partial", "Readonly",
  "ReadonlyArray", "ReadonlySet", "Record", "RegExp", "Set", "String", "Symbol",
  "console", "undefined",
]);
const COMPILER_OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  removeComments: true,
};
const compiled = new Map();
const baseline = new Set(Object.getOwnPropertyNames(globalThis));

function isKey(node, parent) {
  if (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) {
    return (ts.isPropertyAccessExpression(parent) ? parent.name : parent.right) === node;
  }
  if (ts.isBindingElement(parent) && parent.propertyName === node) {
    return true;
  }
  return (
    (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent) ||
      ts.isPropertyAssignment(parent)) &&
    parent.name === node
  );
}

function isDeclaration(node, parent) {
  return (
    (ts.isVariableDeclaration(parent) || ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent) ||
      ts.isTypeAliasDeclaration(parent) || ts.isParameter(parent) ||
      ts.isTypeParameterDeclaration(parent) || ts.isBindingElement(parent)) &&
    parent.name === node
  );
}

function where(sourceFile, node) {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return `${sourceFile.fileName}:${line + 1}:${character + 1}`;
}

/** What the syntax tree says about plan text: problems, and the string literals it holds. */
function scan(sourceFile, expect, problems) {
  const declared = new Set();
  const references = [];
  const literals = new Set();
  const deprecatedFunctions = new Set(expect.deprecatedFunctions);
  const deprecatedKeys = new Set(expect.deprecatedKeys);
  let segmentTags = 0;

  function checkDocs(node, parent) {
    for (const doc of node.jsDoc ?? []) {
      const tags = doc.tags ?? [];
      for (const tag of tags) {
        const name = tag.tagName.text;
        let ok = false;
        if (name === "segment") {
          // the header's "for @segment/analytics-node" (TypeScript reads a tag mid-line)
          ok = node === sourceFile.statements[0] && segmentTags++ === 0;
        } else if (name === "deprecated" && tags.length === 1) {
          if ((ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name) {
            ok = deprecatedFunctions.has(node.name.text);
          } else if (ts.isPropertySignature(node) && node.name) {
            ok = deprecatedKeys.has(node.name.text);
          }
        }
        if (!ok) {
          problems.push(`${where(sourceFile, tag)}: plan text became a JSDoc tag @${name} on ${ts.SyntaxKind[node.kind]} (parent ${ts.SyntaxKind[parent.kind]})`);
        }
      }
    }
  }

  function visit(node, parent) {
    if (parent !== undefined) {
      checkDocs(node, parent);
    }
    if (ts.isIdentifier(node)) {
      const name = node.text;
      if (parent !== undefined && isKey(node, parent)) {
        // an object key or member name: a wire name may be one, written as is
      } else {
        if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
          problems.push(`${where(sourceFile, node)}: non-ASCII identifier ${JSON.stringify(name)}`);
        }
        if (parent !== undefined && isDeclaration(node, parent)) {
          declared.add(name);
        } else {
          references.push(node);
        }
      }
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      literals.add(node.text);
    }
    ts.forEachChild(node, (child) => visit(child, node));
  }
  visit(sourceFile, undefined);

  for (const node of references) {
    if (!declared.has(node.text) && !GLOBALS.has(node.text)) {
      problems.push(`${where(sourceFile, node)}: plan text became code: free identifier ${JSON.stringify(node.text)}`);
    }
  }
  for (const text of expect.literals) {
    if (!literals.has(text)) {
      problems.push(`${sourceFile.fileName}: no string literal reads back as the plan string ${JSON.stringify(text)}`);
    }
  }
}

function check(name, source, expect) {
  const problems = [];
  const result = ts.transpileModule(source, {
    compilerOptions: COMPILER_OPTIONS,
    fileName: name,
    reportDiagnostics: true,
    transformers: {
      before: [() => (sourceFile) => {
        scan(sourceFile, expect, problems);
        return sourceFile;
      }],
    },
  });
  for (const d of result.diagnostics ?? []) {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const line = at ? `${name}:${at.line + 1}:${at.character + 1}` : name;
    problems.unshift(`${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  }
  const js = result.outputText;
  for (const marker of ["</script", "<!--"]) {
    if (js.toLowerCase().includes(marker)) {
      problems.push(`${name}: the JavaScript output holds ${marker} outside comments`);
    }
  }
  if (problems.length === 0) {
    compiled.set(source, js);
  }
  return problems;
}

function decode(value, dates) {
  if (!Array.isArray(value)) {
    return value;
  }
  const [tag, ...rest] = value;
  switch (tag) {
    case "big":
      return BigInt(rest[0]);
    case "dt":
      // a date-time: its ISO text, or a Date when it has no sub-millisecond digits
      return dates && rest[1] !== null ? new Date(rest[1]) : rest[0];
    case "arr":
      return rest.map((item) => decode(item, dates));
    case "obj":
      // fromEntries defines own properties, so a key named `__proto__` stays a key
      return Object.fromEntries(rest.map(([k, v]) => [k, decode(v, dates)]));
    default:
      throw new Error(`unknown tag ${tag}`);
  }
}

function load(name, source) {
  let js = compiled.get(source);
  if (js === undefined) {
    js = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName: name }).outputText;
  }
  const module = { exports: {} };
  const trap = (what) => {
    globalThis[PWNED] = `require(${JSON.stringify(what)})`;
    throw new Error("the generated module called require()");
  };
  new Function("exports", "require", "module", "__filename", "__dirname", js)(
    module.exports, trap, module, name, ROOT,
  );
  return module.exports;
}

const RETURNED = "recorded";

function recorder(sdk, sent) {
  if (sdk === "node") {
    return { track: (message) => { sent.push(JSON.stringify(message)); return RETURNED; } };
  }
  return {
    track: (event, properties, options) => {
      sent.push(JSON.stringify({ event, properties, options }));
      return RETURNED;
    },
  };
}

function run(files, calls) {
  const outcomes = {};
  const warn = console.warn;
  console.warn = () => {}; // deprecation notes
  try {
    for (const [name, source] of Object.entries(files)) {
      const sdk = name.startsWith("browser/") ? "browser" : "node";
      const mod = load(name, source);
      const sent = [];
      const tracker = new mod.Tracker(recorder(sdk, sent), { onViolation: "throw" });
      mod.configure(recorder(sdk, sent), { onViolation: "throw" });
      const results = [];
      for (const call of calls) {
        for (const [how, target] of [["Tracker", tracker], ["function", mod]]) {
          const dates = how === "function";
          const options = { userId: "user-1" };
          const args = call.args === null ? [options] : [decode(call.args, dates), options];
          let returned = null;
          let error = null;
          try {
            if (typeof target[call.fn] !== "function") {
              throw new Error(`no function ${call.fn}`);
            }
            returned = target[call.fn](...args);
          } catch (exc) {
            error = exc instanceof Error ? `${exc.name}: ${exc.message}` : String(exc);
          }
          results.push({
            fn: call.fn, how, returned: returned === RETURNED, error, sent: sent.splice(0),
          });
        }
      }
      outcomes[name] = results;
    }
  } finally {
    console.warn = warn;
  }
  return outcomes;
}

function markers() {
  const found = [];
  if (Object.prototype.hasOwnProperty.call(globalThis, PWNED)) {
    found.push(`globalThis.${PWNED} = ${String(globalThis[PWNED])}`);
  }
  const added = Object.getOwnPropertyNames(globalThis).filter((k) => !baseline.has(k));
  if (added.length > 0) {
    found.push(`new globals: ${added.join(", ")}`);
  }
  return found;
}

/** What prettier would make of each file it would change (prettier 3's API is async). */
async function unformatted(files) {
  const changed = {};
  for (const [name, source] of Object.entries(files)) {
    const formatted = await prettier.format(source, { parser: "typescript" });
    if (formatted !== source) {
      changed[name] = formatted;
    }
  }
  return changed;
}

async function answer(request) {
  if (request.op === "check") {
    compiled.clear(); // only the files of the current plan run next
    const problems = [];
    for (const [name, source] of Object.entries(request.files)) {
      problems.push(...check(name, source, request.expect));
    }
    // prettier cannot parse a file with syntax errors: those are the problem to report
    const changed = problems.length === 0 ? await unformatted(request.files) : {};
    return { problems, unformatted: changed, markers: markers() };
  }
  if (request.op === "run") {
    const outcomes = run(request.files, request.calls);
    return { outcomes, markers: markers() };
  }
  if (request.op === "ping") {
    return { markers: markers() };
  }
  throw new Error(`unknown op ${request.op}`);
}

const out = process.stdout;
let replies = Promise.resolve(); // one request at a time, answered in order
readline.createInterface({ input: process.stdin, terminal: false }).on("line", (line) => {
  replies = replies.then(async () => {
    let reply;
    try {
      reply = await answer(JSON.parse(line));
    } catch (exc) {
      reply = { crash: exc instanceof Error ? String(exc.stack) : String(exc) };
    }
    out.write(JSON.stringify(reply) + "\n");
  });
});
