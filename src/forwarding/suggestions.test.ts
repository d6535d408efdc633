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
    assert.equal(regionOfResidence('вул. Київська, 3'), null, 'a street is not the city');
    assert.equal(regionOfResidence('м. Дніпропетровськ'), null, 'no centre of that name today');
    assert.equal(regionOfResidence('м. Львів, тимчасово м. Київ'), null, 'two regions: ask the operator');
  });

  test('A3: the local general court of the region ranks first; other regions and the Constitutional Court are not offered', () => {
    const local = rankBody({ id: '1', kind: 'local_general', region: 'zhytomyr' }, 'complaint', 'zhytomyr')!;
    const appellate = rankBody({ id: '2', kind: 'appellate_general', region: 'zhytomyr' }, 'complaint', 'zhytomyr')!;
    const council = rankBody({ id: '3', kind: 'high_council_of_justice', region: null }, 'complaint', 'zhytomyr')!;
    assert.ok(local.score > appellate.score && appellate.score > council.score);
    assert.match(council.reasons.join(), /дисциплінарної/);
    assert.equal(rankBody({ id: '4', kind: 'local_general', region: 'lviv' }, 'complaint', 'zhytomyr'), null);
    assert.equal(rankBody({ id: '5', kind: 'constitutional_court', region: null }, 'complaint', null), null);
  });
});
