// Tables of callbacks (H3).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CallbackTables {}
