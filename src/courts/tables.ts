// Tables of the judicial bodies directory (the `judicial_bodies` table itself is in schema.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CourtsTables {}
