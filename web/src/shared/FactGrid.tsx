// Facts as a description list in a grid: a dimmed label over its value, as the appeal card and the
// call's page show them.
import { SimpleGrid, Text, type SimpleGridProps } from '@mantine/core';

export function FactGrid({ facts, cols }: { facts: readonly (readonly [string, string])[]; cols: SimpleGridProps['cols'] }) {
  return (
    <SimpleGrid cols={cols} spacing="sm" verticalSpacing="xs" component="dl" m={0}>
      {facts.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed">{label}</Text>
          <Text component="dd" size="sm" m={0}>{value}</Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
