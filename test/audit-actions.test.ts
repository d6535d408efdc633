// The catalogue of audit actions against what writes the trail outside recordAudit's types.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CALL_EVENT_TYPES } from '../src/calls/events.ts';
import { AUDIT_ACTION_CODES, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, isAuditEntityType } from '../src/audit/actions.ts';

describe('the catalogue of audit actions', () => {
  test('every event of a call timeline is a call action', () => {
    for (const type of CALL_EVENT_TYPES) assert.ok((AUDIT_ACTIONS.call as readonly string[]).includes(type), type);
  });

  test('the rows written in SQL are in it: registered appeals (register.ts), tokens revoked by migration 0015', () => {
    assert.ok((AUDIT_ACTIONS.appeal as readonly string[]).includes('registered'));
    assert.ok((AUDIT_ACTIONS.api_token as readonly string[]).includes('revoked'));
  });

  test('each kind of object lists an action once; the filter list holds every action once', () => {
    for (const type of AUDIT_ENTITY_TYPES) assert.equal(new Set(AUDIT_ACTIONS[type]).size, AUDIT_ACTIONS[type].length, type);
    assert.equal(new Set(AUDIT_ACTION_CODES).size, AUDIT_ACTION_CODES.length);
    assert.deepEqual(new Set(AUDIT_ACTION_CODES), new Set(Object.values(AUDIT_ACTIONS).flat()));
  });

  test('only the catalogue\'s kinds of object are known', () => {
    assert.ok(isAuditEntityType('call'));
    assert.equal(isAuditEntityType('toString'), false);
    assert.equal(isAuditEntityType('thing'), false);
  });
});
