// Requirement IDs of the Communication Standard, as split in the mission's STANDARD.md.
// Code and tests cite these so each rule can be traced to what proves it.

export const REQUIREMENT_GROUPS = {
  Q: 'citizens judge the service',
  G: 'opening the call',
  C: 'consultation',
  A: 'oral appeals',
  D: 'a dissatisfied or abusive caller',
  T: 'technical problems',
  H: 'when information is missing',
  B: "Dovira's own goals beyond the text",
} as const;

export type RequirementGroup = keyof typeof REQUIREMENT_GROUPS;

export const REQUIREMENT_IDS = [
  'Q1', 'Q2', 'Q3',
  'G1', 'G2', 'G3', 'G4', 'G5', 'G6',
  'C1', 'C2', 'C3', 'C4',
  'A1', 'A2', 'A3',
  'D1', 'D2', 'D3',
  'T1', 'T2',
  'H1', 'H2', 'H3', 'H4', 'H5',
  'B1', 'B2', 'B3', 'B4',
] as const;

export type RequirementId = (typeof REQUIREMENT_IDS)[number];

export function isRequirementId(value: unknown): value is RequirementId {
  return typeof value === 'string' && (REQUIREMENT_IDS as readonly string[]).includes(value);
}

export function requirementGroup(id: RequirementId): RequirementGroup {
  return id.charAt(0) as RequirementGroup;
}
