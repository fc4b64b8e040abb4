import { sql } from 'kysely';
import type { Sql, SqlValues } from './sqlDialect.js';

/**
 * The `metadata.amount` of a purchase aliased `i`, for `purchases.total` and the ranks by it. An
 * amount that is not a JSON number (missing, text) is 0: it adds nothing rather than failing the query.
 */
export function purchaseAmount(values: SqlValues): Sql {
  return values.postgres
    ? sql`case when jsonb_typeof(i.metadata -> 'amount') = 'number' then cast(i.metadata -> 'amount' as double precision) else 0 end`
    : sql`case when json_type(i.metadata, '$.amount') in ('integer', 'real') then json_extract(i.metadata, '$.amount') else 0 end`;
}
