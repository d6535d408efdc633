// The imports between the folders of src/, read with TypeScript's own parser, and the circles among
// them. A folder is an area (calls, appeals, db, http…); each PBX adapter counts as a folder of its
// own, so an adapter that the PBX domain imports back shows as a circle too.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportArrow {
  from: string;
  to: string;
  /** Only types are taken: the import is erased and loads nothing at run time. */
  typeOnly: boolean;
}

/** The files of `root` that are not tests, relative to it with `/`. */
export function sourceFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
}

/** The imports of one file's text: static, re-exports and dynamic `import()`, with whether they load anything. */
export function importsOf(fileName: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      // `import { type A } from` still loads the module (verbatimModuleSyntax keeps `import {}`).
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly === true });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The folder a file belongs to: its top folder under src/, or the file itself at the top; an adapter is its own. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return parts[0]!.replace(/\.tsx?$/, '');
  const adapters = parts.indexOf('adapters');
  if (adapters >= 0 && parts.length > adapters + 2) return parts.slice(0, adapters + 2).join('/');
  return parts[0]!;
}

/** Every arrow between two different folders, with the files that make it. */
export function folderArrows(files: ReadonlyMap<string, string>): Map<string, ImportArrow[]> {
  const arrows = new Map<string, ImportArrow[]>();
  for (const [file, text] of files) {
    for (const { specifier, typeOnly } of importsOf(file, text)) {
      if (!specifier.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith('..')) continue;
      const key = `${folderOf(file)} -> ${folderOf(target)}`;
      if (folderOf(file) === folderOf(target)) continue;
      const list = arrows.get(key) ?? [];
      list.push({ from: file, to: target, typeOnly });
      arrows.set(key, list);
    }
  }
  return arrows;
}

/** The circles: groups of two or more folders that reach each other (Tarjan's strongly connected components). */
export function circles(arrows: ReadonlyMap<string, ImportArrow[]>, include: (arrow: ImportArrow) => boolean): string[][] {
  const next = new Map<string, string[]>();
  for (const [key, list] of arrows) {
    if (!list.some(include)) continue;
    const [from, to] = key.split(' -> ') as [string, string];
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (folder: string): void => {
    index.set(folder, counter);
    lowest.set(folder, counter);
    counter++;
    stack.push(folder);
    onStack.add(folder);
    for (const other of next.get(folder) ?? []) {
      if (!index.has(other)) {
        connect(other);
        lowest.set(folder, Math.min(lowest.get(folder)!, lowest.get(other)!));
      } else if (onStack.has(other)) {
        lowest.set(folder, Math.min(lowest.get(folder)!, index.get(other)!));
      }
    }
    if (lowest.get(folder) !== index.get(folder)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== folder);
    if (group.length > 1) found.push(group.sort());
  };
  for (const folder of [...next.keys()].sort()) if (!index.has(folder)) connect(folder);
  return found;
}

/** A circle told as its arrows and the files behind each, for a failure a newcomer can act on. */
export function describeCircle(group: readonly string[], arrows: ReadonlyMap<string, ImportArrow[]>, include: (arrow: ImportArrow) => boolean): string {
  const lines = [`circle of ${group.join(', ')}:`];
  for (const from of group) {
    for (const to of group) {
      const list = (arrows.get(`${from} -> ${to}`) ?? []).filter(include);
      if (list.length) lines.push(`  ${from} -> ${to}: ${list.slice(0, 3).map((arrow) => `${arrow.from} imports ${arrow.to}`).join('; ')}${list.length > 3 ? ` (+${list.length - 3})` : ''}`);
    }
  }
  return lines.join('\n');
}

export function readSources(root: string): Map<string, string> {
  return new Map(sourceFiles(root).map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
}
