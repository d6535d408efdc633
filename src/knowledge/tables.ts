// Tables of the knowledge base.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KnowledgeTables {}
