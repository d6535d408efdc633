// The audit trail's object and changes as people read them: the object by what they call it, with a
// link to its page; the changes as «поле: було → стало», values formatted, long ones folded.
import { List, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { AUDIT_CHANGE_FIELDS, type AuditChangeField } from '../../../src/audit/actions.ts';
import { BODY_KINDS, REGIONS } from '../../../src/courts/kinds.ts';
import type { AuditEventView, Subject } from '../../../src/audit/view.ts';
import { useI18n } from '../i18n/index.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { displayPhone } from '../shared/phone.ts';

/** Values longer than this are folded: the first part shown, the rest a click away. */
const FOLD_AT = 80;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const E164 = /^\+\d{8,15}$/;

/** «07.12 10:02», Kyiv time: a call or a callback is named by its moment. */
const dayAndTime = new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
const shortMoment = (iso: string) => dayAndTime.format(new Date(iso)).replace(',', '');

const isField = (key: string): key is AuditChangeField => (AUDIT_CHANGE_FIELDS as readonly string[]).includes(key);

type Words = ReturnType<typeof useI18n>['t']['admin']['audit'];

/** What people call an object of this kind; null when the trail knows nothing of it. */
function subjectText(words: Words, entityType: string, entityId: string, subject: Subject | null): string | null {
  if (entityType === 'setting') return Object.hasOwn(words.settings, entityId) ? words.settings[entityId]! : entityId;
  if (!subject) return null;
  if (entityType === 'call' && subject.at) return words.callSubject(shortMoment(subject.at), subject.operatorNumber);
  if (entityType === 'survey_rating' && subject.at) return words.ratingSubject(shortMoment(subject.at), subject.operatorNumber);
  if (entityType === 'callback' && subject.phone && subject.at) return words.callbackSubject(displayPhone(subject.phone), shortMoment(subject.at));
  if (subject.phone) return displayPhone(subject.phone);
  if (entityType === 'user' && subject.detail) return `${subject.name} (${subject.detail})`;
  return subject.name;
}

/** The object of an event: its kind in words and what people call it, linked to its page. */
export function AuditSubject({ event }: { event: AuditEventView }) {
  const { t } = useI18n();
  const words = t.admin.audit;
  const subject = event.subject;
  const text = subjectText(words, event.entityType, event.entityId, subject) ?? words.shortId(event.entityId.slice(0, 8));
  const second = subject && event.entityType !== 'user' && !subject.phone && subject.name ? subject.detail : null;
  const link = subject?.link ?? (event.entityType === 'setting' ? settingPage(event.entityId) : null);
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{words.entityTypes[event.entityType as keyof typeof words.entityTypes] ?? event.entityType}</Text>
      <Text size="sm" title={event.entityId} data-testid="audit-subject" style={{ wordBreak: 'break-word' }}>
        {link ? <AppLink to={link} size="sm">{text}</AppLink> : text}
      </Text>
      {second && <Text size="xs" c="dimmed">{second}</Text>}
    </Stack>
  );
}

function settingPage(key: string): string | null {
  if (key === 'greeting_boundaries') return '/admin/settings';
  if (key === 'missed_call_rule') return '/supervisor/missed-call-rule';
  return null;
}

/** Fields holding another object's id, and that object's kind (the server's REFERENCE_FIELDS). */
const REFERENCES: Readonly<Record<string, string>> = {
  judicialBodyId: 'judicial_body', callId: 'call', appealId: 'appeal', userId: 'user', operatorId: 'user', assignedOperatorId: 'user',
};

/**
 * The changes of an event as a list of «поле: було → стало»; `references` names the objects whose
 * ids they hold (by «kind:id», as the server sends them), `people` every user.
 */
export function AuditChanges({ changes, references, people }: {
  changes: Record<string, unknown>;
  references: Readonly<Record<string, Subject>>;
  people: ReadonlyMap<string, string>;
}) {
  const { t, formatDateTime } = useI18n();
  const words = t.admin.audit;
  const field = (key: string) => (isField(key) ? words.fields[key] : key);
  // Codes some fields hold, in the words the rest of the workspace uses for them.
  const codeWords: Partial<Record<string, Readonly<Record<string, string>>>> = {
    role: t.common.roles,
    region: REGIONS,
    kind: Object.fromEntries(Object.entries(BODY_KINDS).map(([code, info]) => [code, info.label])),
  };
  const value = (raw: unknown, key = ''): string => {
    if (raw === null || raw === undefined || raw === '') return words.noChanges;
    if (typeof raw === 'boolean') return raw ? words.yes : words.no;
    const coded = codeWords[key];
    if (typeof raw === 'string' && coded && Object.hasOwn(coded, raw)) return coded[raw]!;
    const kind = REFERENCES[key];
    if (typeof raw === 'string' && kind) {
      const referenced = Object.hasOwn(references, `${kind}:${raw}`) ? references[`${kind}:${raw}`]! : null;
      const named = subjectText(words, kind, raw, referenced) ?? people.get(raw);
      if (named) return named;
    }
    if (typeof raw === 'string') {
      if (ISO_INSTANT.test(raw)) return formatDateTime(raw);
      if (E164.test(raw)) return displayPhone(raw);
      return people.get(raw) ?? raw;
    }
    if (typeof raw === 'number') return String(raw);
    if (Array.isArray(raw)) return raw.map((item) => (isField(String(item)) ? field(String(item)) : value(item))).join(', ');
    if (typeof raw === 'object') return Object.entries(raw).map(([inner, innerValue]) => `${field(inner)}: ${value(innerValue, inner)}`).join('; ');
    return String(raw);
  };
  const isChange = (raw: unknown): raw is { from: unknown; to: unknown } =>
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 2 && 'from' in raw && 'to' in raw;

  const lines: [string, ReactNode][] = [];
  // A whole setting or note changed: the event itself is { from, to }.
  if (isChange(changes)) lines.push(['', <Change key="c" from={value(changes.from)} to={value(changes.to)} />]);
  else {
    for (const [key, raw] of Object.entries(changes)) {
      lines.push([key, isChange(raw) ? <Change key={key} from={value(raw.from, key)} to={value(raw.to, key)} /> : <Folded text={value(raw, key)} />]);
    }
  }
  if (lines.length === 0) return <Text size="sm">{words.noChanges}</Text>;
  return (
    <List size="xs" spacing={2} listStyleType="none" p={0} data-testid="audit-changes">
      {lines.map(([key, shown]) => (
        <List.Item key={key}>
          {key && <Text span size="xs" fw={600}>{field(key)}: </Text>}
          {shown}
        </List.Item>
      ))}
    </List>
  );
}

function Change({ from, to }: { from: string; to: string }) {
  return (
    <>
      <Folded text={from} />
      <Text span size="xs" c="dimmed" aria-hidden> → </Text>
      <Folded text={to} />
    </>
  );
}

function Folded({ text }: { text: string }) {
  const { t } = useI18n();
  if (text.length <= FOLD_AT) return <Text span size="xs">{text}</Text>;
  return (
    <details style={{ display: 'inline' }}>
      <summary style={{ cursor: 'pointer', display: 'inline' }} title={t.admin.audit.showAll}>
        <Text span size="xs">{`${text.slice(0, FOLD_AT)}…`}</Text>
      </summary>
      <Text span size="xs" style={{ wordBreak: 'break-word' }}>{text}</Text>
    </details>
  );
}
