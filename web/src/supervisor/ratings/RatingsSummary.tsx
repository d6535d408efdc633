// The ratings in numbers: the average, how many calls were rated, the share of surveys left without
// an answer and how the scores spread, for everyone together and operator by operator.
import { Grid, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useMemo } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { combine, percent, SCORES, type RatingSummary } from '../../shared/ratings.ts';

function useNumber() {
  const { language } = useI18n();
  return useMemo(() => new Intl.NumberFormat(language === 'uk' ? 'uk-UA' : 'en-GB', { maximumFractionDigits: 2 }), [language]);
}

export function RatingsSummary({ rows, single }: { rows: RatingSummary[]; single: boolean }) {
  const { t } = useI18n();
  const words = t.supervisor.ratings;
  const number = useNumber();
  const headingId = useId();
  const distributionId = useId();
  const all = combine(rows);
  const who = single && rows[0] ? words.operatorName(rows[0].operatorNumber, rows[0].operatorName) : words.overall;
  const asked = all.rated + all.noAnswer;

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: single ? 12 : 5 }}>
        <Paper withBorder p="md" component="section" aria-labelledby={headingId} h="100%" data-testid="ratings-summary">
          <Stack gap="sm">
            <div>
              <Title order={2} size="h4" id={headingId}>{words.summaryHeading}</Title>
              <Text size="sm" c="dimmed">{who}</Text>
            </div>
            <SimpleGrid cols={3} spacing="sm" component="dl" m={0}>
              <Figure label={words.average} value={all.average === null ? words.noAverage : words.averageValue(number.format(all.average))} testId="average" />
              <Figure label={words.rated} value={String(all.rated)} testId="rated" />
              <Figure label={words.noAnswer} value={words.noAnswerShare(all.noAnswer, percent(all.noAnswer, asked))} testId="no-answer" />
            </SimpleGrid>
            <Text size="xs" c="dimmed">{words.noAnswerHint}</Text>
            <div>
              <Title order={3} size="h6" id={distributionId} mb={4}>{words.distribution}</Title>
              <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={distributionId}>
                {SCORES.map((score) => {
                  const count = all.byScore[score];
                  const share = percent(count, all.rated);
                  return (
                    <Group component="li" key={score} gap="xs" wrap="nowrap" data-score={score}>
                      <Text size="sm" w={110} style={{ flex: '0 0 auto', fontVariantNumeric: 'tabular-nums' }}>{words.scoreLine(score, count, share)}</Text>
                      <Progress value={share} color="blue.8" size="lg" style={{ flex: 1 }} aria-hidden="true" />
                    </Group>
                  );
                })}
              </Stack>
            </div>
          </Stack>
        </Paper>
      </Grid.Col>
      {!single && (
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ByOperator rows={rows} />
        </Grid.Col>
      )}
    </Grid>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" m={0} size="xl" fw={700} data-testid={`ratings-${testId}`}>{value}</Text>
    </div>
  );
}

function ByOperator({ rows }: { rows: RatingSummary[] }) {
  const { t } = useI18n();
  const words = t.supervisor.ratings;
  const number = useNumber();
  const headingId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} h="100%">
      <Title order={2} size="h4" id={headingId} mb="xs">{words.byOperator}</Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6} striped aria-labelledby={headingId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{words.operator}</Table.Th>
              <Table.Th>{words.average}</Table.Th>
              <Table.Th>{words.rated}</Table.Th>
              <Table.Th>{words.noAnswer}</Table.Th>
              <Table.Th>{words.distribution}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.operatorId} data-operator-id={row.operatorId}>
                <Table.Td><Text size="sm">{words.operatorName(row.operatorNumber, row.operatorName)}</Text></Table.Td>
                <Table.Td><Text size="sm" fw={600}>{row.average === null ? '—' : number.format(row.average)}</Text></Table.Td>
                <Table.Td><Text size="sm">{row.rated}</Text></Table.Td>
                <Table.Td><Text size="sm">{words.noAnswerShare(row.noAnswer, percent(row.noAnswer, row.rated + row.noAnswer))}</Text></Table.Td>
                <Table.Td><Text size="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>{SCORES.map((score) => `${score}: ${row.byScore[score]}`).join(' · ')}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
