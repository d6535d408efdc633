// A2: management sees every new appeal the moment it is registered; those that arrived while the
// console was open are highlighted, and their status follows the forwarding and the court's answer.
import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { ListTable } from '../shared/lists.tsx';
import { OverviewSection } from './OverviewSection.tsx';
import { AppealStatusBadge } from './AppealStatusBadge.tsx';
import { useArrivedAppeals } from './live.tsx';
import { Tag } from '../shared/Tag.tsx';
import type { AppealView, Page } from './types.ts';

export function NewAppeals() {
  const { t, formatDateTime } = useI18n();
  const arrived = useArrivedAppeals();
  const appeals = useQuery({
    queryKey: ['appeals', 'latest'],
    queryFn: ({ signal }) => get<Page<AppealView>>('/appeals?limit=15', signal),
  });
  const words = t.supervisor.appeals;
  const items = appeals.data?.items ?? [];
  const arrivedCount = items.filter((appeal) => arrived.has(appeal.id)).length;
  return (
    <OverviewSection headingId="new-appeals-title" title={words.title} allTo="/supervisor/appeals" allLabel={words.all}>
      {arrivedCount > 0 && <Text size="sm" mb="xs" role="status">{words.arrivedLive(arrivedCount)}</Text>}
      <ListTable
        query={appeals}
        rows={items}
        empty={{ title: words.emptyTitle, hint: words.emptyHint }}
        minWidth={520}
        striped={false}
        highlightOnHover={false}
        rowKey={(appeal) => appeal.id}
        rowProps={(appeal) => ({ 'data-appeal-id': appeal.id, 'data-new': arrived.has(appeal.id) ? 'true' : undefined, bg: arrived.has(appeal.id) ? 'yellow.0' : undefined })}
        columns={[
          {
            header: words.number,
            cell: (appeal) => (
              <Group gap={6} wrap="nowrap">
                <AppLink to={`/supervisor/appeals/${appeal.id}`} size="sm" fw={600}>{appeal.registrationNumber}</AppLink>
                {arrived.has(appeal.id) && <Tag size="sm" color="yellow.4" c="dark.9">{words.newBadge}</Tag>}
              </Group>
            ),
          },
          { header: words.registeredAt, cell: (appeal) => <Text size="sm">{formatDateTime(appeal.registeredAt)}</Text> },
          { header: words.kind, cell: (appeal) => <Text size="sm">{t.supervisor.appealKind[appeal.kind]}</Text> },
          { header: words.status, cell: (appeal) => <AppealStatusBadge status={appeal.status} /> },
        ]}
      />
    </OverviewSection>
  );
}
