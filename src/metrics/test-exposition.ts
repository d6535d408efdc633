// Reads Prometheus's text exposition format (version 0.0.4) strictly, for tests: a line that is not
// a comment, a family's HELP or TYPE, or a sample of a declared family is an error.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Family name → its TYPE. */
  families: Map<string, string>;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL = /^([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"(?:,|$)/;
/** The series a histogram or summary family writes besides its own name. */
const SUFFIXES = ['_bucket', '_sum', '_count'];

export function parseExposition(text: string): Exposition {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const [, keyword, name] = line.split(' ');
      if ((keyword === 'HELP' || keyword === 'TYPE') && !NAME.test(name ?? '')) throw new Error(`bad family name, ${where}`);
      if (keyword === 'TYPE') {
        const type = line.split(' ')[3] ?? '';
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type)) throw new Error(`unknown type, ${where}`);
        if (families.has(name!)) throw new Error(`family declared twice, ${where}`);
        families.set(name!, type);
      }
      return;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample, ${where}`);
    const [, name, labelText = '', valueText] = match;
    // Prometheus reads NaN and Inf in any case (prom-client writes «Nan»).
    const special: Record<string, number> = { nan: NaN, '+inf': Infinity, inf: Infinity, '-inf': -Infinity };
    const value = special[valueText!.toLowerCase()] ?? Number(valueText);
    if (Number.isNaN(value) && valueText!.toLowerCase() !== 'nan') throw new Error(`bad value, ${where}`);
    const family = families.has(name!) ? name! : SUFFIXES.map((s) => (name!.endsWith(s) ? name!.slice(0, -s.length) : '')).find((f) => f && families.has(f));
    if (!family) throw new Error(`sample of an undeclared family, ${where}`);
    const labels: Record<string, string> = {};
    let rest = labelText;
    while (rest !== '') {
      const label = LABEL.exec(rest);
      if (!label) throw new Error(`bad labels, ${where}`);
      labels[label[1]!] = label[2]!.replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(label[0].length);
    }
    samples.push({ name: name!, labels, value });
  });
  return { families, samples };
}

/** The value of the one sample with this name and (at least) these labels; undefined when there is none. */
export function sampleValue(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
