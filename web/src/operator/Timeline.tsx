// 5. Everything done during the call, in order, newest at the bottom, on the Kyiv clock.
import { Badge, Group, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import type { Catalogue } from '../i18n/index.tsx';
import { mmss } from './hooks.ts';
import type { AbuseReason, CallView, EndReason, StandardLimits, TimelineEvent } from './types.ts';
import { Section, useClockTime } from './ui.tsx';

export function Timeline({ call, limits }: { call: CallView; limits: StandardLimits | undefined }) {
  const { t } = useI18n();
  const time = useClockTime();
  return (
    <Section title={t.operator.timeline.heading} hint={t.operator.timeline.hint}>
      {call.timeline.length === 0 ? (
        <Text size="sm" c="dimmed">{t.operator.timeline.empty}</Text>
      ) : (
        <ol aria-label={t.operator.timeline.heading} style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} data-testid="call-timeline">
          {call.timeline.map((event) => (
            <li key={event.seq} data-event-type={event.type} style={{ padding: '3px 0', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" ff="monospace" c="dimmed" style={{ flex: '0 0 auto' }}>{time(event.at)}</Text>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {t.operator.timeline.events[event.type] ?? event.type}
                    {event.source === 'pbx' && <Badge ml={6} size="xs" variant="outline" color="gray">{t.operator.timeline.pbx}</Badge>}
                  </Text>
                  {detailOf(t, event, limits) && <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{detailOf(t, event, limits)}</Text>}
                </div>
              </Group>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/** What a timeline entry adds beyond its name: the value recorded, a duration, the reason. */
function detailOf(t: Catalogue, event: TimelineEvent, limits: StandardLimits | undefined): string | null {
  const text = (field: string) => (typeof event.data[field] === 'string' ? (event.data[field] as string) : null);
  const tl = t.operator.timeline;
  switch (event.type) {
    case 'form_of_address_recorded':
      return text('formOfAddress');
    case 'language_recorded': {
      const language = text('language') as 'uk' | 'en' | 'other' | null;
      const name = language ? t.operator.opening.languages[language] ?? language : null;
      return [name, text('note')].filter(Boolean).join(': ') || null;
    }
    case 'topic_recorded':
      return [text('topic'), event.data.outsideJudiciary === true ? tl.outside : null, text('explanation') ? tl.explanation(text('explanation')!) : null]
        .filter(Boolean)
        .join(' · ');
    case 'caller_dissatisfied':
      return [text('cause'), text('actionTaken'), event.data.apologyGiven === true ? tl.apology : tl.noApology].filter(Boolean).join(' · ');
    case 'hold_ended': {
      const seconds = typeof event.data.durationSeconds === 'number' ? event.data.durationSeconds : null;
      if (seconds === null) return null;
      const over = limits ? seconds > limits.holdSeconds : event.data.overLimit === true;
      return [tl.holdLasted(mmss(seconds)), over ? tl.overLimit : null].filter(Boolean).join(' · ');
    }
    case 'abuse_warning_given': {
      const reason = text('reason') as AbuseReason | null;
      return reason ? t.operator.abuse.reasons[reason] ?? reason : null;
    }
    case 'bad_audio_ended':
      return [event.data.resolved === true ? tl.resolved : tl.notResolved, typeof event.data.durationSeconds === 'number' ? tl.duration(event.data.durationSeconds) : null]
        .filter(Boolean)
        .join(' · ');
    case 'transferred':
      return text('to');
    case 'callback_requested':
      return [text('phone'), text('reason')].filter(Boolean).join(' · ');
    case 'ended': {
      const reason = text('reason') as EndReason | null;
      return reason ? t.operator.endReasons[reason] ?? reason : null;
    }
    default:
      return null;
  }
}
