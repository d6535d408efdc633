// The CSV reader and the row checks of the import: pure functions, no database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectDelimiter, parseCsv, type Delimiter } from './csv.ts';
import { formatReport, parseBodiesCsv } from './csv-import.ts';

describe('CSV reader (RFC 4180)', () => {
  test('the delimiter is taken from the header line: ; or ,', () => {
    assert.equal(detectDelimiter('code;name;kind\n'), ';');
    assert.equal(detectDelimiter('code,name,kind\r\n'), ',');
    assert.equal(detectDelimiter('"a;b;c",name,kind\n;;;;;'), ',', 'delimiters inside quotes and on later lines do not count');
    assert.equal(detectDelimiter('\uFEFFcode;name'), ';');
  });

  test('quoted fields hold delimiters, doubled quotes and line breaks; the BOM is dropped', () => {
    const text = '\uFEFFa;b;c\r\n"x;y";"He said ""так""";"line 1\r\nline 2"\r\nplain;;last\r\n';
    const { records, problems } = parseCsv(text, ';');
    assert.deepEqual(problems, []);
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x;y', 'He said "так"', 'line 1\r\nline 2'] },
      { line: 4, fields: ['plain', '', 'last'] },
    ]);
  });

  test('LF, CRLF and CR line ends alike; a last line without a line end; empty lines skipped but counted', () => {
    assert.deepEqual(parseCsv('a,b\n\n,\nc,d', ',').records, [{ line: 1, fields: ['a', 'b'] }, { line: 4, fields: ['c', 'd'] }]);
    assert.deepEqual(parseCsv('a,b\rc,d\r', ',').records, [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]);
    assert.deepEqual(parseCsv('a,"b\nc"\n"d",e\n', ',').records, [{ line: 1, fields: ['a', 'b\nc'] }, { line: 3, fields: ['d', 'e'] }]);
  });

  test('malformed records are reported by the line they start on, and reading goes on', () => {
    const { records, problems } = parseCsv('a;b\nbad "quote;x\n"closed" then;y\nok;z\n"never closed;w\nmore\n', ';');
    assert.deepEqual(records.map((r) => r.line), [1, 4]);
    assert.deepEqual(problems.map((p) => p.line), [2, 3, 5]);
    assert.match(problems[0]!.reason, /лапки всередині поля/);
    assert.match(problems[1]!.reason, /після закривальних лапок/);
    assert.match(problems[2]!.reason, /не закрито/);
  });

  test('whatever the fields hold, writing them as RFC 4180 and reading back gives them again', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'я', 'і', '’', '"', ';', ',', '\n', '\r\n', ' ', 'x') });
    fc.assert(fc.property(fc.constantFrom<Delimiter>(';', ','), fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (delimiter, rows) => {
      const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
      const text = rows.map((row) => row.map(quote).join(delimiter)).join('\r\n');
      const parsed = parseCsv(text, delimiter);
      assert.deepEqual(parsed.problems, []);
      const expected = rows.filter((row) => row.some((value) => value.trim() !== ''));
      assert.deepEqual(parsed.records.map((r) => r.fields), expected);
    }), { numRuns: 300 });
  });
});

describe('import rows: columns and values', () => {
  const header = 'code;name;kind;instance;region;address;phones;email;website;active';

  test('a good file: labels or codes for kind and region, several phones, empty cells as nothing', () => {
    const text = [
      header,
      'test-a;Тестовий районний суд;місцевий загальний суд;;Вінницька обл.;"вул. Тестова, 1";"044 000-00-01, 044 000-00-02";a@example.org;https://example.org;так',
      'test-b;"Тестовий апеляційний суд; друга назва";appellate_general;апеляційна;м. Київ;;;;;',
      'test-c;Тестова рада;high_council_of_justice;;;;;;;ні',
      'test-d;Тестовий суд Криму;local_general;перша інстанція;АР Крим;;;;;1',
    ].join('\r\n');
    const parsed = parseBodiesCsv(text);
    assert.equal(parsed.fileError, null);
    assert.deepEqual(parsed.rejected, []);
    assert.deepEqual(parsed.rows.map((r) => r.line), [2, 3, 4, 5]);
    const [a, b, c, d] = parsed.rows.map((r) => r.patch);
    assert.deepEqual(a, {
      code: 'test-a', name: 'Тестовий районний суд', kind: 'local_general', instance: 'first', region: 'vinnytsia',
      address: 'вул. Тестова, 1', phones: ['+380440000001', '+380440000002'], email: 'a@example.org', website: 'https://example.org', active: true,
    });
    assert.equal(b!.name, 'Тестовий апеляційний суд; друга назва');
    assert.equal(b!.instance, 'appellate');
    assert.equal(b!.region, 'kyiv-city');
    assert.equal(b!.address, null);
    assert.deepEqual(b!.phones, []);
    assert.equal(c!.instance, null);
    assert.equal(c!.active, false);
    assert.equal(d!.region, 'crimea');
  });

  test('only the required columns, comma-separated, Ukrainian headers: other values are left alone', () => {
    const parsed = parseBodiesCsv('Код,Назва,Вид\ntest-e,Тестовий суд,supreme_court\n');
    assert.equal(parsed.fileError, null);
    assert.deepEqual(parsed.rows[0]!.patch, { code: 'test-e', name: 'Тестовий суд', kind: 'supreme_court', address: undefined, email: undefined, website: undefined });
  });

  test('bad rows are rejected with their line and every reason, in Ukrainian; good rows still go in', () => {
    const text = [
      header,
      'test-ok;Тестовий районний суд;local_general;;lviv;;;;;',
      ';Без коду;local_general;;lviv;;;;;',
      'test-kind;Тестовий суд;військовий суд;;lviv;;;;;',
      'test-region;Тестовий суд;local_general;;Атлантида;;;;;',
      'test-phone;Тестовий суд;local_general;;lviv;;"044 000-00-01, 12345";;;',
      'test-markup;<b>Суд</b>;local_general;;lviv;;;не-адреса;javascript:alert(1);може',
      'test-ok;Тестовий районний суд;local_general;;lviv;;;;;',
      'test-short;Тестовий суд;local_general',
      '"test-multi;line";Тестовий суд;local_general;;lviv;;;;;',
    ].join('\n');
    const parsed = parseBodiesCsv(text);
    assert.equal(parsed.fileError, null);
    assert.deepEqual(parsed.rows.map((r) => r.code), ['test-ok']);
    const reasons = Object.fromEntries(parsed.rejected.map((r) => [r.line, r.reason]));
    assert.deepEqual(Object.keys(reasons).map(Number), [3, 4, 5, 6, 7, 8, 9, 10]);
    assert.match(reasons[3]!, /Код/);
    assert.match(reasons[4]!, /Вид органу: невідоме значення «військовий суд»/);
    assert.match(reasons[5]!, /Регіон: невідоме значення «Атлантида»/);
    assert.match(reasons[6]!, /Телефон: вкажіть номер/);
    assert.match(reasons[7]!, /Назва: HTML-розмітка не допускається/);
    assert.match(reasons[7]!, /Офіційна електронна адреса/);
    assert.match(reasons[7]!, /Вебсайт/);
    assert.match(reasons[7]!, /Чинний: очікується «так» або «ні»/);
    assert.match(reasons[8]!, /код test-ok уже був у рядку 2/);
    assert.match(reasons[9]!, /полів у рядку 3, а стовпців у заголовку 10/);
    assert.match(reasons[10]!, /Код: від 1 до 64/);
  });

  test('a bad header stops the whole file, saying why', () => {
    assert.match(parseBodiesCsv('code;name;adress;kind\n').fileError!, /Невідомий стовпець «adress»/);
    assert.match(parseBodiesCsv('code;name\n').fileError!, /Немає обов’язкових стовпців: kind/);
    assert.match(parseBodiesCsv('code;name;kind;code\n').fileError!, /повторюється/);
    assert.match(parseBodiesCsv('').fileError!, /заголовком/);
    assert.match(parseBodiesCsv('"code;name;kind\n').fileError!, /заголовком/);
  });

  test('the report names each created, updated and rejected row by its line', () => {
    const report = { dryRun: true, created: [{ line: 2, code: 'a', fields: [] }], updated: [{ line: 3, code: 'b', fields: ['phones', 'email'] }], unchanged: [{ line: 4, code: 'c', fields: [] }], rejected: [{ line: 5, reason: 'Регіон: невідоме значення' }] };
    assert.equal(formatReport(report), [
      'Пробний запуск (--dry-run): до бази нічого не записано.',
      'Було б створено: 1, оновлено: 1, без змін: 1; відхилено рядків: 1',
      '  + рядок 2: a (новий)',
      '  ~ рядок 3: b (змінюються: phones, email)',
      'Відхилені рядки (не імпортовано):',
      '  ! рядок 5: Регіон: невідоме значення',
    ].join('\n'));
    assert.match(formatReport({ ...report, dryRun: false }), /^Створено: 1, оновлено: 1/);
  });
});
