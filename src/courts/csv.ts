// A small RFC 4180 reader: quoted fields may hold the delimiter, doubled quotes and line breaks.
// Written here rather than taken from npm because the directory needs only this much, and because
// a rejected row must be reported by the line it starts on, which the reader has to track itself.

export type Delimiter = ';' | ',';

export interface CsvRecord {
  /** 1-based line of the file on which the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvParsed {
  records: CsvRecord[];
  /** Records that are not well-formed CSV; they are left out of `records`. */
  problems: CsvProblem[];
}

export function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** `;` (what a Ukrainian-locale spreadsheet writes) or `,`: whichever the header line has more of outside quotes. */
export function detectDelimiter(text: string): Delimiter {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of stripBom(text)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Splits CSV text into records. Line ends may be CRLF, LF or CR. A record with a stray quote in an
 * unquoted field, text after a closing quote, or a quote never closed is reported as a problem with
 * its line; reading goes on with the next line. Lines that hold nothing (or only delimiters) are skipped.
 */
export function parseCsv(input: string, delimiter: Delimiter): CsvParsed {
  const text = stripBom(input);
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;

  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let problem: string | null = null;
    let endOfRecord = false;

    while (!endOfRecord) {
      let value = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const char = text[i]!;
          if (char === '"') {
            if (text[i + 1] === '"') { value += '"'; i += 2; continue; }
            i++;
            closed = true;
            break;
          }
          if (char === '\r' || char === '\n') {
            const width = char === '\r' && text[i + 1] === '\n' ? 2 : 1;
            value += text.slice(i, i + width);
            i += width;
            line++;
            continue;
          }
          value += char;
          i++;
        }
        if (!closed) {
          problems.push({ line: start, reason: 'лапки поля не закрито до кінця файлу' });
          return { records, problems };
        }
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
          problem ??= 'після закривальних лапок поля має йти роздільник або кінець рядка';
          while (i < text.length && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') i++;
        }
      } else {
        while (i < text.length && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') problem ??= 'лапки всередині поля без лапок: візьміть поле в лапки, а лапки в ньому подвойте ("")';
          value += text[i];
          i++;
        }
      }
      fields.push(value);
      const after = text[i];
      if (after === delimiter) {
        i++;
      } else {
        if (after === '\r') i += text[i + 1] === '\n' ? 2 : 1;
        else if (after === '\n') i++;
        if (after !== undefined) line++;
        endOfRecord = true;
      }
    }

    if (problem) problems.push({ line: start, reason: problem });
    else if (fields.some((field) => field.trim() !== '')) records.push({ line: start, fields });
  }
  return { records, problems };
}
