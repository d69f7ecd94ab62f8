/**
 * Rows are typed by Prisma's generated payloads (`Prisma.CaseGetPayload<…>`);
 * a JSON column that a machine or a parser reads is left `unknown` until it is parsed.
 */
export type Unparsed<Row, Column extends keyof Row> = Omit<Row, Column> & { [Key in Column]: unknown };
