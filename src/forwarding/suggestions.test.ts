import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rankBody, regionOfResidence } from './suggestions.ts';

describe('A3: suggestions for forwarding', () => {
  test('A3: the region is read from the place of residence by oblast or administrative centre, never from a street name', () => {
    assert.equal(regionOfResidence('м. Житомир, вул. Київська, 10'), 'zhytomyr');
    assert.equal(regionOfResidence('Львівська обл., м. Дрогобич'), 'lviv');
    assert.equal(regionOfResidence('с. Петрівка, Одеська область'), 'odesa');
    assert.equal(regionOfResidence('м.Київ, просп. Перемоги, 1'), 'kyiv-city');
    assert.equal(regionOfResidence('Київська обл., м. Бровари'), 'kyiv-oblast');
    assert.equal(regionOfResidence('Івано-Франківська обл.'), 'ivano-frankivsk');
    assert.equal(regionOfResidence('АР Крим, м. Ялта'), 'crimea');
    assert.equal(regionOfResidence('Житомир, вул. Перемоги, 5'), 'zhytomyr', 'a city named alone, as people say it');
    assert.equal(regionOfResidence('с. Тетерівка, Житомир'), 'zhytomyr');
    assert.equal(regionOfResidence('вул. Київська, 3'), null, 'a street is not the city');
    assert.equal(regionOfResidence('вул. Житомирська, 3'), null);
    assert.equal(regionOfResidence('м. Дніпропетровськ'), null, 'no centre of that name today');
    assert.equal(regionOfResidence('м. Львів, тимчасово м. Київ'), null, 'two regions: ask the operator');
  });

  const complaint = { kind: 'complaint' as const, essence: 'Не можу дізнатися стан розгляду справи' };

  test('A3: the bodies of the applicant’s region first, the local general court on top; other regions and the Constitutional Court are not offered', () => {
    const local = rankBody({ id: '1', kind: 'local_general', region: 'zhytomyr' }, complaint, 'zhytomyr')!;
    const appellate = rankBody({ id: '2', kind: 'appellate_general', region: 'zhytomyr' }, complaint, 'zhytomyr')!;
    const supreme = rankBody({ id: '3', kind: 'supreme_court', region: null }, complaint, 'zhytomyr')!;
    assert.equal(local.group, 'region');
    assert.ok(local.score > appellate.score && appellate.score > supreme.score);
    assert.equal(rankBody({ id: '4', kind: 'local_general', region: 'lviv' }, complaint, 'zhytomyr'), null);
    assert.equal(rankBody({ id: '4', kind: 'local_general', region: 'lviv' }, complaint, null), null, 'no region: no random courts of some region');
    assert.equal(rankBody({ id: '5', kind: 'constitutional_court', region: null }, complaint, null), null);
  });

  test('A3: a national body is pointed to only by what the appeal is about; otherwise it is listed at the end with no reason repeating its name', () => {
    const supreme = rankBody({ id: '1', kind: 'supreme_court', region: null }, complaint, 'zhytomyr')!;
    assert.deepEqual(supreme, { group: 'national', score: 0, reasons: [] });
    const judge = { kind: 'complaint' as const, essence: 'Скарга на поведінку судді під час засідання' };
    const council = rankBody({ id: '2', kind: 'high_council_of_justice', region: null }, judge, 'zhytomyr')!;
    assert.equal(council.score, 1);
    assert.match(council.reasons.join(), /дисциплінарної/);
    assert.equal(rankBody({ id: '2', kind: 'high_council_of_justice', region: null }, { ...judge, kind: 'request' }, 'zhytomyr')!.score, 0, 'a request about a judge is no disciplinary complaint');
    const cassation = { kind: 'statement' as const, essence: 'Хочу подати касаційну скаргу на рішення апеляційного суду' };
    assert.equal(rankBody({ id: '3', kind: 'cassation_court', region: null }, cassation, null)!.score, 1);
    assert.equal(rankBody({ id: '3', kind: 'supreme_court', region: null }, cassation, null)!.score, 1);
    assert.equal(rankBody({ id: '4', kind: 'high_anti_corruption_court', region: null }, cassation, null)!.score, 0);
    assert.equal(rankBody({ id: '4', kind: 'high_anti_corruption_court', region: null }, { kind: 'statement', essence: 'Справа про корупцію в ВАКС' }, null)!.score, 1);
    assert.equal(rankBody({ id: '5', kind: 'qualification_commission', region: null }, { kind: 'request', essence: 'Коли конкурс до апеляційних судів?' }, null)!.score, 1);
  });
});
