// Every write to auth.* runs the way GoTrue's connection does: in one transaction, as
// supabase_auth_admin with search_path auth, so a project's triggers on auth.users meet the same
// privileges as on hosted Supabase (a non-security-definer trigger writing to public fails).
import type { Database, Queryable } from '../db';

export function asAuthAdmin<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
	return db.transaction(async (tx) => {
		await tx.exec('set local role supabase_auth_admin; set local search_path = auth');
		return work(tx);
	});
}
