/**
 * Removes the values from SQL statements quoted in a text.
 *
 * MikroORM (through knex) reports a failed statement as `<the SQL with every parameter inlined> -
 * <the driver's message>`: `insert into "interactions" (...) values ('ada@example.com', '<a
 * megabyte of message text>') - no such table: interactions`. The statement's shape helps an
 * operator; its values are customer data and may be huge. This keeps the shape and replaces each
 * literal with `?`.
 */

/** Where a statement starts: the verbs the core and the ORM run with values (DDL carries none). */
const STATEMENT_START = /\b(?:insert\s+into|update\s+\S+\s+set|delete\s+from|select\s[\s\S]{0,2000}?\sfrom|with\s+\S+\s+as\s*\(|merge\s+into)\s/i;

/** A number standing alone (not inside an identifier, not a `$1` placeholder). */
const NUMBER_LITERAL = /(?<![\w$."])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w"])/gi;

/**
 * How far into a text a statement may begin: messages quote it near their start ("GraphQL request
 * failed unexpectedly: insert into …"), and looking no further keeps a megabyte of text cheap.
 */
const STATEMENT_SEARCH_LENGTH = 4_096;

/** Where knex appends the driver's own message to the statement. */
const DRIVER_MESSAGE_SEPARATOR = ' - ';

/** True when `text` quotes an SQL statement that may carry values. */
export function quotesSql(text: string): boolean {
  return STATEMENT_START.test(text.slice(0, STATEMENT_SEARCH_LENGTH));
}

/**
 * `text` with the literals of any SQL statement in it replaced by `?`: its string literals (an
 * unterminated one, as in a message cut short, runs to the end) and its numbers. The driver's
 * message after the statement is kept: its numbers (a column's length) are not data.
 */
export function scrubSql(text: string): string {
  const start = STATEMENT_START.exec(text.slice(0, STATEMENT_SEARCH_LENGTH));
  if (!start) return text;
  let statement = '';
  let index = start.index;
  while (index < text.length) {
    if (text.startsWith(DRIVER_MESSAGE_SEPARATOR, index)) break;
    const char = text[index]!;
    if (char !== "'") {
      statement += char;
      index += 1;
      continue;
    }
    index = endOfStringLiteral(text, index);
    statement += '?';
  }
  return text.slice(0, start.index) + statement.replace(NUMBER_LITERAL, '?') + text.slice(index);
}

/** The index after the string literal opening at `open` (`''` is an escaped quote inside it). */
function endOfStringLiteral(text: string, open: number): number {
  let index = open + 1;
  while (index < text.length) {
    const close = text.indexOf("'", index);
    if (close === -1) return text.length;
    if (text[close + 1] !== "'") return close + 1;
    index = close + 2;
  }
  return text.length;
}

/** The statement's verb and table, `insert into "interactions"`, a short summary of a failure. */
export function statementSummary(sql: string): string | undefined {
  const match = /\b(insert\s+into|update|delete\s+from|select\s[\s\S]{0,2000}?\sfrom|merge\s+into)\s+("[^"]+"(?:\."[^"]+")?|`[^`]+`|[\w.]+)/i.exec(sql);
  if (!match) return undefined;
  const verb = match[1]!.toLowerCase();
  return `${verb.startsWith('select') ? 'select … from' : verb.replace(/\s+/g, ' ')} ${match[2]}`;
}
