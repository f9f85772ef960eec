// Editor support, checked with a real client (docs/editors.md): starts yaml-language-server over
// stdio on the example `tollgate init` writes, opens files with a wrong `stage:` value, an unknown
// key and a missing required key, and asserts the diagnostics it publishes (ranges and messages),
// the completion at `stage: ` and the hover of `stage`; then checks that the language server and
// `tollgate validate` agree on which edited files are valid. Node's standard library only.
//
//   node tests/editor/lsp-check.mjs --server PATH/yaml-language-server --tollgate PATH/tollgate
//
// Exits 0 when every check holds, 1 otherwise; prints what it checked.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.server || !args.tollgate) {
  console.error('usage: node lsp-check.mjs --server PATH/yaml-language-server --tollgate PATH/tollgate');
  process.exit(2);
}

let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `\n       ${detail}` : ''}`);
  if (!ok) failures += 1;
}

/** Runs tollgate with nothing inherited but PATH and HOME, as the Rust tests do. */
function tollgate(...argv) {
  const run = spawnSync(args.tollgate, argv, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  return run;
}

/** A language-server connection over stdio: requests with ids, notifications, diagnostics. */
class Client {
  constructor(server) {
    this.proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // The end of what the server writes to stderr, shown when it stops answering.
    this.stderr = '';
    this.proc.stderr.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-2000)));
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.published = new Map(); // uri -> { count, diagnostics }
    this.waiters = [];
    this.proc.stdout.on('data', (chunk) => this.receive(chunk));
    // A server that cannot start or exits fails every request and wait at once, with its stderr.
    this.proc.stdin.on('error', () => {});
    const gone = (why) => {
      this.gone = `the language server ${why}${this.stderr ? `; its stderr:\n${this.stderr}` : ''}`;
      for (const done of this.pending.values()) done({ error: { message: this.gone } });
      this.pending.clear();
      for (const wake of this.waiters.splice(0)) wake();
    };
    this.proc.on('error', (e) => gone(`cannot be started: ${e.message}`));
    this.proc.on('exit', (code, signal) => {
      if (!this.stopping) gone(`exited (${signal ?? `code ${code}`})`);
    });
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, end).toString())[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(message);
    }
  }

  dispatch(message) {
    if (message.id !== undefined && message.method === undefined) {
      const done = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (done) done(message);
    } else if (message.id !== undefined) {
      // A request from the server: it pulls its settings by section, as from an editor's
      // settings (VS Code answers from .vscode/settings.json); registrations need no answer.
      const result =
        message.method === 'workspace/configuration'
          ? message.params.items.map((item) => this.settings?.[item.section] ?? null)
          : null;
      this.send({ id: message.id, result });
      if (message.method === 'workspace/configuration') this.configured?.();
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const previous = this.published.get(message.params.uri);
      this.published.set(message.params.uri, {
        count: (previous?.count ?? 0) + 1,
        diagnostics: message.params.diagnostics,
      });
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  send(message) {
    const text = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.gone) return reject(new Error(`${method}: ${this.gone}`));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the language server did not answer ${method} within 30 s`));
      }, 30000);
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      });
      this.send({ id, method, params });
    });
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /**
   * The diagnostics of the first publication for `uri` after `since` of them. Documents are
   * opened one at a time and closed before the next (closing publishes an empty list), and no
   * setting changes while one is open, so the first publication after opening is the
   * validation of what was opened.
   */
  async publishedAfter(uri, since) {
    const deadline = Date.now() + 30000;
    while ((this.published.get(uri)?.count ?? 0) <= since) {
      if (this.gone) throw new Error(this.gone);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics published for ${uri} within 30 s`);
      await new Promise((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
    return this.published.get(uri).diagnostics;
  }

  async open(path, text) {
    const uri = pathToFileURL(path).href;
    const since = this.published.get(uri)?.count ?? 0;
    // A new version each time: the server caches parsed documents by uri and version.
    this.version = (this.version ?? 0) + 1;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: this.version, text } });
    const diagnostics = await this.publishedAfter(uri, since);
    return { uri, diagnostics };
  }

  async close(uri) {
    const since = this.published.get(uri)?.count ?? 0;
    this.notify('textDocument/didClose', { textDocument: { uri } });
    await this.publishedAfter(uri, since);
  }

  async stop() {
    if (!this.gone) {
      // Shut down as an editor does; a server that does not answer within 5 s is killed.
      const late = new Promise((resolve) => setTimeout(resolve, 5000).unref());
      await Promise.race([this.request('shutdown', null).catch(() => {}), late]);
      this.notify('exit', null);
    }
    this.stopping = true;
    this.proc.kill();
  }
}

/** Zero-based line of the first line equal to `line` (trailing spaces aside). */
function lineOf(text, line) {
  const index = text.split('\n').findIndex((l) => l.trimEnd() === line);
  if (index < 0) throw new Error(`no line \`${line}\` in the example`);
  return index;
}

/** `text` with `line` (the first such) replaced by `lines`. */
function replaceLine(text, line, ...lines) {
  const all = text.split('\n');
  all.splice(lineOf(text, line), 1, ...lines);
  return all.join('\n');
}

function withoutModeline(text) {
  const [first, ...rest] = text.split('\n');
  if (!first.startsWith('# yaml-language-server: $schema=')) throw new Error('no modeline on line 1');
  return rest.join('\n');
}

const show = (d) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ` +
  `${['', 'error', 'warning', 'information', 'hint'][d.severity] ?? d.severity}: ${d.message}`;

const text = (documentation) => (typeof documentation === 'string' ? documentation : documentation?.value ?? '');

/** Error findings of `tollgate validate --format json` in `file` (relative to the root). */
function tollgateErrors(root, file) {
  const run = tollgate('validate', '--root', root, '--format', 'json');
  const doc = JSON.parse(run.stdout);
  return doc.findings.filter((f) => f.severity === 'error' && f.file === file);
}

const PROJECT = 'projects/support-reply-drafts/project.yaml';
const GOVERNANCE = 'projects/support-reply-drafts/governance.yaml';
const KPIS = 'projects/support-reply-drafts/kpis.yaml';

/** The three broken files: (file, what is wrong, edit, expected diagnostic, expected finding). */
const BROKEN = [
  {
    file: PROJECT,
    what: 'a wrong `stage:` value',
    edit: (t) => replaceLine(t, 'stage: poc', 'stage: pilot'),
    line: 'stage: pilot',
    message: 'Value is not accepted. Valid values: "poc", "mvp", "production".',
    range: [7, 12],
    code: 'invalid-value',
  },
  {
    file: GOVERNANCE,
    what: 'an unknown key',
    edit: (t) => replaceLine(t, '    approver: takahashi-mai', '    approver: takahashi-mai', '    reviewer: ito-naoki'),
    line: '    reviewer: ito-naoki',
    message: 'Property reviewer is not allowed.',
    range: [4, 12],
    code: 'unknown-key',
  },
  {
    file: KPIS,
    what: 'a missing required key',
    edit: (t) => replaceLine(t, '    direction: higher-is-better'),
    line: '  - id: answer-accuracy',
    message: 'Missing property "direction".',
    range: [4, 5],
    code: 'missing-key',
  },
];

async function initialize(client, root) {
  const rootUri = pathToFileURL(root).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'demo' }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        completion: { completionItem: { documentationFormat: ['plaintext'] } },
        hover: { contentFormat: ['markdown'] },
        publishDiagnostics: {},
      },
    },
  });
  client.notify('initialized', {});
}

/** yaml-language-server's settings: no schemas of its own (SchemaStore), `schemas` as given. */
async function configure(client, schemas) {
  client.settings = {
    yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, schemas },
  };
  // The server answers the change by asking for its settings; a request after that answer is
  // handled once they are applied.
  const asked = new Promise((resolve) => (client.configured = resolve));
  client.notify('workspace/didChangeConfiguration', { settings: null });
  await asked;
  client.configured = undefined;
  await client.request('textDocument/documentSymbol', { textDocument: { uri: pathToFileURL(join(tmpdir(), 'none.yaml')).href } });
}

async function brokenFiles(client, root, how, transform) {
  console.log(`\n== the three broken files, schema found through ${how}`);
  for (const c of BROKEN) {
    const path = join(root, c.file);
    const original = readFileSync(path, 'utf8');
    const edited = transform(c.edit(original));
    const { uri, diagnostics } = await client.open(path, edited);
    await client.close(uri);
    console.log(`${c.file} (${c.what}):`);
    for (const d of diagnostics) console.log(`    ${show(d)}`);
    const line = lineOf(edited, c.line);
    const want = { range: { start: { line, character: c.range[0] }, end: { line, character: c.range[1] } }, severity: 1, message: c.message };
    check(
      diagnostics.length === 1 &&
        diagnostics[0].message === want.message &&
        diagnostics[0].severity === want.severity &&
        JSON.stringify(diagnostics[0].range) === JSON.stringify(want.range),
      `${c.file}: exactly \`${show(want)}\``,
      diagnostics.length === 1 ? '' : `got ${diagnostics.length} diagnostics`,
    );
    if (how === 'the first line of each file') {
      // tollgate itself, on the same file on disk: the same verdict at the same line.
      writeFileSync(path, edited);
      const findings = tollgateErrors(root, c.file);
      writeFileSync(path, original);
      for (const f of findings) console.log(`    tollgate: ${f.file}:${f.line}:${f.column} ${f.code}: ${f.message}`);
      check(
        findings.length === 1 && findings[0].code === c.code && findings[0].line === line + 1,
        `${c.file}: tollgate validate reports one \`${c.code}\` on the same line (${line + 1})`,
      );
    }
  }
}

async function completionAndHover(client, root) {
  console.log('\n== completion and hover at `stage:`');
  const schema = JSON.parse(readFileSync(join(root, '.tollgate/schemas/project.schema.json'), 'utf8'));
  const gate = schema.$defs.gate;
  const path = join(root, PROJECT);
  const edited = replaceLine(readFileSync(path, 'utf8'), 'stage: poc', 'stage: ');
  const line = lineOf(edited, 'stage:');
  const { uri } = await client.open(path, edited);
  const completion = await client.request('textDocument/completion', {
    textDocument: { uri },
    position: { line, character: 'stage: '.length },
  });
  const items = Array.isArray(completion) ? completion : completion.items;
  for (const item of items) console.log(`    ${item.label}: ${text(item.documentation)}`);
  const labels = items.map((i) => i.label).sort();
  check(
    JSON.stringify(labels) === JSON.stringify(['mvp', 'poc', 'production']),
    'completion at `stage: ` offers exactly poc, mvp, production',
    `got ${labels.join(', ')}`,
  );
  check(
    gate.enum.every((value, i) => text(items.find((item) => item.label === value)?.documentation) === gate.enumDescriptions[i]),
    "each offered stage is explained by its description in the schema's enumDescriptions",
  );
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
  await client.close(uri);
  const shown = text(hover?.contents);
  console.log(shown.replace(/^/gm, '    | '));
  check(
    shown.startsWith('#### Current stage') &&
      shown.includes(schema.properties.stage.description) &&
      gate.enumDescriptions.every((d) => shown.includes(d)) &&
      shown.includes('Example:'),
    'hover on `stage` shows its title, description, each value with its description, and examples',
  );
}

/**
 * Edited files on which the language server and tollgate must agree: each is valid for both or
 * invalid for both. Every file of the example as written, then one change per kind of rule the
 * schemas hold (types, enums, patterns, lengths, ranges by unit, conditional requirements).
 */
const EDITS = [
  [PROJECT, 'stage: pilot', (t) => replaceLine(t, 'stage: poc', 'stage: pilot')],
  [GOVERNANCE, 'an unknown key', BROKEN[1].edit],
  [KPIS, 'no direction', BROKEN[2].edit],
  [KPIS, 'a percent threshold of 170', (t) => t.replace('threshold: 70 ', 'threshold: 170')],
  [KPIS, 'a threshold written as text', (t) => t.replace('threshold: 70 ', 'threshold: "70"')],
  [KPIS, 'a negative stop level in seconds', (t) => t.replace('stop: 60 ', 'stop: -1 ')],
  [KPIS, 'confidence: wilson', (t) => t.replace('confidence: point', 'confidence: wilson')],
  ['projects/support-reply-drafts/results.yaml', 'successes without n', (t) => replaceLine(t, '    n: 200')],
  ['projects/support-reply-drafts/results.yaml', 'neither value nor successes', (t) => replaceLine(t, '    value: 11.8')],
  ['projects/support-reply-drafts/results.yaml', 'dataset kind production-ish', (t) => t.replace('kind: test', 'kind: production-ish')],
  [GOVERNANCE, 'agreed without agreed_at', (t) => replaceLine(t, '    agreed_at: 2026-08-24')],
  [GOVERNANCE, 'a title of 201 characters', (t) => t.replace(/title: Past inquiries[^\n]*/, `title: ${'x'.repeat(201)}`)],
  [GOVERNANCE, 'a title of 200 characters', (t) => t.replace(/title: Past inquiries[^\n]*/, `title: ${'x'.repeat(200)}`)],
  ['people.yaml', 'a GitHub login with a space', (t) => t.replace('github: kyamamoto-example', 'github: "kyamamoto example"')],
  ['people.yaml', 'an id with capitals', (t) => t.replace('id: yamamoto-kenji', 'id: Yamamoto-Kenji')],
  [PROJECT, 'available: yes (text in YAML 1.2)', (t) => t.replace('available: true', 'available: yes')],
  [PROJECT, 'a model version written as an unquoted date (text in YAML 1.2)', (t) => t.replace('version: "2026-08-15"', 'version: 2026-08-15')],
  ['projects/contract-review-assist/project.yaml', 'a model version written as a number', (t) => t.replace('version: "3.1"', 'version: 3.1')],
  // The one known difference (docs/editors.md): yaml-language-server checks a date's shape,
  // not the calendar, so only tollgate refuses 30 February.
  [
    'projects/contract-review-assist/decisions.yaml',
    'decided on 2026-02-30',
    (t) => t.replace('decided_at: 2026-05-28', 'decided_at: 2026-02-30'),
    { tollgate: false, server: true, why: 'the language server checks the shape of a date, not the calendar' },
  ],
  ['projects/contract-review-assist/decisions.yaml', 'decided on 28.05.2026', (t) => t.replace('decided_at: 2026-05-28', 'decided_at: 28.05.2026')],
  ['people.yaml', 'an e-mail without @', (t) => t.replace('emails: [kenji.yamamoto@example.com]', 'emails: [kenji.yamamoto]')],
  ['projects/support-reply-drafts/issues.yaml', 'status: closed', (t) => t.replace('status: open', 'status: closed')],
  ['projects/contract-review-assist/decisions.yaml', 'outcome: go', (t) => t.replace('outcome: continue', 'outcome: go')],
  ['tollgate.yaml', 'max_file_bytes: 0', (t) => t.replace('max_file_bytes: 4194304', 'max_file_bytes: 0')],
  ['tollgate.yaml', 'signoff_proof: email', (t) => t.replace('max_file_bytes: 4194304', 'max_file_bytes: 4194304\nsignoff_proof: email')],
];

async function agreement(client, root) {
  console.log('\n== language server and tollgate validate agree on what is valid');
  const files = tollgate('validate', '--root', root, '--format', 'json');
  const examples = [
    'tollgate.yaml',
    'people.yaml',
    ...['support-reply-drafts', 'contract-review-assist'].flatMap((p) =>
      ['project', 'kpis', 'results', 'governance', 'decisions', 'issues'].map((k) => `projects/${p}/${k}.yaml`),
    ),
  ];
  check(files.status === 0, 'the example as written: tollgate validate exits 0');
  const cases = [...examples.map((f) => [f, 'as written', (t) => t]), ...EDITS];
  for (const [file, what, edit, known] of cases) {
    const path = join(root, file);
    const original = readFileSync(path, 'utf8');
    const edited = edit(original);
    if (what !== 'as written' && edited === original) throw new Error(`edit \`${what}\` changed nothing`);
    writeFileSync(path, edited);
    const findings = tollgateErrors(root, file);
    writeFileSync(path, original);
    const { uri, diagnostics } = await client.open(path, edited);
    await client.close(uri);
    const tollgateValid = findings.length === 0;
    const serverValid = diagnostics.length === 0;
    const expected = known
      ? tollgateValid === known.tollgate && serverValid === known.server
      : tollgateValid === serverValid;
    check(
      expected,
      `${file}, ${what}: ${tollgateValid ? 'valid' : 'invalid'} for tollgate, ${serverValid ? 'valid' : 'invalid'} for the language server` +
        (known ? ` (known difference: ${known.why})` : ''),
      [...findings.map((f) => `tollgate ${f.line}:${f.column} ${f.code}: ${f.message}`), ...diagnostics.map((d) => `server ${show(d)}`)].join('\n       '),
    );
  }
}

/**
 * Files a user creates without the first line: a policy, and a file of a new project folder.
 * .vscode/settings.json maps them by name, so they are checked all the same.
 */
async function newFiles(client, root) {
  console.log('\n== new files without a first line, mapped by .vscode/settings.json');
  const cases = [
    [
      'policies/legal.yaml',
      'version: 1\nrules:\n  - id: legal-terms-first\n    kind: governance-agreed\n    topics: [legal-terms]\n    gatez: [poc]\n',
      '6:5-6:10 error: Property gatez is not allowed.',
    ],
    [
      'projects/new-project/issues.yaml',
      'issues:\n  - id: data-owner\n    area: data\n    title: Who owns the data\n    status: open\n',
      '3:11-3:15 error: Value is not accepted. Valid values: "data-responsibility", "model-management", "operating-authority", "risk-response", "cost-structure", "other".',
    ],
  ];
  for (const [file, content, want] of cases) {
    const { uri, diagnostics } = await client.open(join(root, file), content);
    await client.close(uri);
    for (const d of diagnostics) console.log(`    ${file}: ${show(d)}`);
    check(diagnostics.length === 1 && show(diagnostics[0]) === want, `${file}: exactly \`${want}\``);
  }
}

async function run(work) {
  const root = join(work, 'demo');
  const init = tollgate('init', root);
  check(init.status === 0, 'tollgate init writes the example', init.stderr);
  const settings = JSON.parse(readFileSync(join(root, '.vscode/settings.json'), 'utf8'));
  const client = new Client(args.server);
  try {
    await initialize(client, root);
    await configure(client, {});
    await brokenFiles(client, root, 'the first line of each file', (t) => t);
    await completionAndHover(client, root);
    await agreement(client, root);
    await configure(client, settings['yaml.schemas']);
    await brokenFiles(client, root, '.vscode/settings.json (first lines removed)', withoutModeline);
    await newFiles(client, root);
  } finally {
    await client.stop();
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'tollgate-lsp-'));
  try {
    await run(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// A server that does not answer, exits or publishes nothing fails the check, never skips it.
await main().catch((e) => {
  check(false, 'the language server answered every request', e.message);
});
console.log(failures === 0 ? '\nall editor checks passed' : `\n${failures} editor check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
