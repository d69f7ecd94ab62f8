/**
 * Whether a row already loaded matches a Prisma where-clause, answered without a query. For the access rules
 * (src/cases/case-access.ts, src/assessments/assessment-access.ts): a transition checks them on the row it has just
 * loaded under its lock, instead of asking the database once more (issue 19). The where-clause stays the one
 * declaration of the rule; this only reads it.
 *
 * It reads exactly the shapes those rules are written in: equality on a column (`null`: no value), `{ equals }`,
 * `{ in: [...] }`, several keys (all must hold), `AND` and `OR`, `{}` (everything), and a where on a to-one relation
 * loaded with the row (`client: { protectedIdentity: false }`). Anything else (NOT, ranges, a relation or column the
 * row does not carry, a date, JSON) throws, so a new rule it cannot read fails loudly instead of being read wrongly.
 * That it answers as the database does, for every role: test/db/access-rules-on-row.test.ts.
 */
export function rowMatchesWhere(where: object, row: object): boolean {
  return Object.entries(where).every(([key, condition]: [string, unknown]) => {
    // Prisma leaves out a filter whose value is undefined.
    if (condition === undefined) return true;
    if (key === 'AND') return (Array.isArray(condition) ? condition : [condition]).every((part) => rowMatchesWhere(whereObject(part, key), row));
    if (key === 'OR') {
      if (!Array.isArray(condition)) throw unreadable(key, 'OR takes a list');
      return condition.some((part) => rowMatchesWhere(whereObject(part, key), row));
    }
    if (key === 'NOT') throw unreadable(key, 'NOT is not read here');
    if (!Object.hasOwn(row, key)) throw unreadable(key, 'the row has no such column or relation');
    const value: unknown = (row as Record<string, unknown>)[key];
    if (isPlainObject(condition) && isPlainObject(value)) return rowMatchesWhere(condition, value);
    if (!isScalar(value)) throw unreadable(key, 'only text, number, boolean and null columns are compared');
    if (isScalar(condition)) return value === condition;
    if (isPlainObject(condition)) return scalarFilterMatches(key, condition, value);
    throw unreadable(key, 'not a value, a filter or a relation');
  });
}

type Scalar = string | number | boolean | null;

function scalarFilterMatches(key: string, filter: Record<string, unknown>, value: Scalar): boolean {
  return Object.entries(filter).every(([operator, operand]) => {
    if (operand === undefined) return true;
    if (operator === 'equals' && isScalar(operand)) return value === operand;
    if (operator === 'in' && Array.isArray(operand) && operand.every(isScalar)) return operand.includes(value);
    throw unreadable(`${key}.${operator}`, 'only equals and in are read');
  });
}

function whereObject(part: unknown, key: string): object {
  if (!isPlainObject(part)) throw unreadable(key, 'each part must be a where-clause');
  return part;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function unreadable(key: string, why: string): Error {
  return new Error(`rowMatchesWhere cannot read the where-clause at "${key}": ${why}`);
}
