import type { SqlMigration } from '../SqlMigration.js';

/**
 * An index for the customer search (`customers(query:)`): a part of a name, an email address or a
 * phone number, matched anywhere in it. A `like '%…%'` cannot use a b-tree, so the search read the
 * customers in list order and tested each: a term nobody has read them all (154 ms at 100,000
 * customers on SQLite, about ten times that at a million; docs/benchmarks.md). Both databases
 * index the text by trigrams, so a term of three characters or more finds its candidates from the
 * index (graphql/data/customerTextIndex.ts); the search still tests its own conditions on them.
 *
 * PostgreSQL: `pg_trgm`'s GIN indexes on the lower-cased name and identity value. The extension
 * ships with PostgreSQL (the contrib modules of every distribution and managed service) and is
 * trusted, so the database's owner may create it. It goes into `public`, never into a schema of
 * Rapport's (`?schema=`), so that dropping one deployment's schema cannot drop another's indexes;
 * where it already exists, its own schema names the operator class. Two migrations creating it at
 * once would collide on the catalog, hence the lock. 9 s for a million customers and 1.3 million
 * identities on the 2-core benchmark machine.
 *
 * SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34 and later; better-sqlite3 bundles
 * 3.49) over `customer_search`, one row per name and per identity, which triggers keep as the
 * customers and identities change (a merge moves identities, an erasure deletes them). The FTS
 * table is external-content on that table's integer key, which `VACUUM` never renumbers; a key
 * of the customers' own rowids could be.
 */
export const customerSearch: SqlMigration = {
  name: '0023_customer_search',
  sqlite: [
    'create table `customer_search` (`n` integer primary key, `customer_id` text not null references `customers` (`id`) on delete cascade, `source` text not null unique, `term` text not null)',
    'create index `customer_search_customer_id_index` on `customer_search` (`customer_id`)',
    "create virtual table `customer_search_index` using fts5(`term`, content = 'customer_search', content_rowid = 'n', tokenize = 'trigram')",
    'create trigger `customer_search_indexed` after insert on `customer_search` begin insert into `customer_search_index` (rowid, `term`) values (new.`n`, new.`term`); end',
    "create trigger `customer_search_unindexed` after delete on `customer_search` begin insert into `customer_search_index` (`customer_search_index`, rowid, `term`) values ('delete', old.`n`, old.`term`); end",
    "create trigger `customers_search_inserted` after insert on `customers` when new.`display_name` is not null begin insert into `customer_search` (`customer_id`, `source`, `term`) values (new.`id`, 'c:' || new.`id`, new.`display_name`); end",
    "create trigger `customers_search_renamed` after update of `display_name` on `customers` begin delete from `customer_search` where `source` = 'c:' || old.`id`; insert into `customer_search` (`customer_id`, `source`, `term`) select new.`id`, 'c:' || new.`id`, new.`display_name` where new.`display_name` is not null; end",
    "create trigger `customer_identities_search_inserted` after insert on `customer_identities` begin insert into `customer_search` (`customer_id`, `source`, `term`) values (new.`customer_id`, 'i:' || new.`id`, new.`value`); end",
    "create trigger `customer_identities_search_changed` after update of `customer_id`, `value` on `customer_identities` begin delete from `customer_search` where `source` = 'i:' || old.`id`; insert into `customer_search` (`customer_id`, `source`, `term`) values (new.`customer_id`, 'i:' || new.`id`, new.`value`); end",
    "create trigger `customer_identities_search_deleted` after delete on `customer_identities` begin delete from `customer_search` where `source` = 'i:' || old.`id`; end",
    "insert into `customer_search` (`customer_id`, `source`, `term`) select `id`, 'c:' || `id`, `display_name` from `customers` where `display_name` is not null",
    "insert into `customer_search` (`customer_id`, `source`, `term`) select `customer_id`, 'i:' || `id`, `value` from `customer_identities`",
  ],
  postgresql: [
    `do $$
     declare trgm text;
     begin
       perform pg_advisory_xact_lock(hashtext('rapport:pg_trgm'));
       begin
         create extension if not exists pg_trgm with schema public;
       exception when others then
         raise exception 'Rapport''s customer search needs the PostgreSQL extension pg_trgm, which could not be created: %', sqlerrm
           using hint = 'It ships with PostgreSQL''s contrib modules. Install them, or have a superuser run "create extension pg_trgm" in this database, then start Rapport again.';
       end;
       select n.nspname into trgm from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
       execute format('create index "customers_search_index" on "customers" using gin (lower("display_name") %I.gin_trgm_ops)', trgm);
       execute format('create index "customer_identities_search_index" on "customer_identities" using gin (lower("value") %I.gin_trgm_ops)', trgm);
     end $$`,
    // The expressions' statistics: without them the planner guesses how many customers a term
    // matches, and for a common one (every email holds "example") it read every identity through
    // the new index to hash them, 2.7 s, where walking the list takes 1.4 ms (docs/benchmarks.md).
    'analyze "customers"',
    'analyze "customer_identities"',
  ],
};
