// Markdown links, found by hand where a regular expression would backtrack. A
// pattern such as /\[([^\]]+)\]\(…\)/ starts again at every «[» and reads to the end of the text
// each time, so an article with «[a](» repeated would cost minutes; here every character is read a
// fixed number of times. Pure: used by the search excerpts (text.ts); the browser renders articles
// with react-markdown (web/src/knowledge/Markdown.tsx).

export interface LinkShape {
  /** `![label](address)`: the label may be empty. */
  image: boolean;
  /** `[label](address "title")`: what follows a space inside the brackets is not the address; the address may be empty. */
  title: boolean;
}

export interface LinkMatch {
  start: number;
  /** Just after the closing parenthesis. */
  end: number;
  label: string;
  address: string;
}

const SPACE = /\s/g;
const ADDRESS_END = /[)\s]/g;

/**
 * indexOf for a start that only ever grows: the answer for one start still holds for a later one
 * as long as it lies ahead of it, so each character is read once however often it is asked.
 */
function forwardSearch(search: (from: number) => number): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = search(from);
    return found;
  };
}

function regexSearch(text: string, pattern: RegExp): (from: number) => number {
  return forwardSearch((from) => {
    pattern.lastIndex = from;
    return pattern.exec(text)?.index ?? -1;
  });
}

/**
 * The link starting at a position, matched as these patterns match there:
 * - `{ image: false, title: true }`: /\[([^\]]+)\]\(([^)\s]*)[^)]*\)/
 * - `{ image: true, title: true }`: /!\[([^\]]*)\]\(([^)\s]*)[^)]*\)/
 * - `{ image: false, title: false }`: /\[([^\]]+)\]\(([^)\s]+)\)/
 * The label runs to the first «]», which a «(» must follow; the address to the first «)» (with a
 * title: to the first space before it). The positions asked must never decrease.
 */
export function linkMatcher(text: string, shape: LinkShape): (start: number) => LinkMatch | null {
  const opener = shape.image ? '![' : '[';
  const closeLabel = forwardSearch((from) => text.indexOf(']', from));
  const closeParen = forwardSearch((from) => text.indexOf(')', from));
  const space = regexSearch(text, SPACE);
  const addressEnd = regexSearch(text, ADDRESS_END);
  return (start) => {
    if (!text.startsWith(opener, start)) return null;
    const labelStart = start + opener.length;
    const labelEnd = closeLabel(labelStart);
    if (labelEnd === -1 || (labelEnd === labelStart && !shape.image) || text[labelEnd + 1] !== '(') return null;
    const addressStart = labelEnd + 2;
    let close: number;
    let address: string;
    if (shape.title) {
      close = closeParen(addressStart);
      if (close === -1) return null;
      const gap = space(addressStart);
      address = text.slice(addressStart, gap === -1 ? close : Math.min(gap, close));
    } else {
      close = addressEnd(addressStart);
      if (close <= addressStart || text[close] !== ')') return null;
      address = text.slice(addressStart, close);
    }
    return { start, end: close + 1, label: text.slice(labelStart, labelEnd), address };
  };
}

/** Every link of the text replaced, left to right, as String.prototype.replace with the pattern would. */
export function replaceLinks(text: string, shape: LinkShape, replace: (label: string, address: string) => string): string {
  const linkAt = linkMatcher(text, shape);
  const opener = shape.image ? '![' : '[';
  let out = '';
  let copied = 0;
  for (let at = text.indexOf(opener); at !== -1;) {
    const link = linkAt(at);
    if (link) {
      out += text.slice(copied, at) + replace(link.label, link.address);
      copied = link.end;
    }
    at = text.indexOf(opener, link ? link.end : at + 1);
  }
  return out + text.slice(copied);
}

// **bold**, __bold__, *italic*, _italic_, `code`: each stops at the next mark of its own kind, so
// trying it at every mark reads the text a fixed number of times. Sticky: tried at one position.
