import { MikroORM as SqliteORM } from '@mikro-orm/better-sqlite';
import { MikroORM as PgORM } from '@mikro-orm/postgresql';
import { CORE_ENTITIES } from '../src/persistence/entities.js';
const s = await SqliteORM.init({ dbName: ':memory:', entities: CORE_ENTITIES, discovery: { disableDynamicFileAccess: true } });
console.log('--- sqlite\n' + (await s.schema.getCreateSchemaSQL()));
await s.close();
const p = await PgORM.init({ clientUrl: 'postgres://' + (process.env.PGUSER ?? 'root') + '@127.0.0.1:5432/test', entities: CORE_ENTITIES, discovery: { disableDynamicFileAccess: true } });
console.log('--- postgresql\n' + (await p.schema.getCreateSchemaSQL()));
await p.close();
