// The outbox as the sender reaches it: the database's claim and settle functions, called with the
// service role (they are granted to nobody else).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/supabase/database.types';
import type { Outbox } from './sender';

export function databaseOutbox(service: SupabaseClient<Database>): Outbox {
	return {
		async claim(batchSize, leaseSeconds) {
			const { data, error } = await service.rpc('claim_outbox_emails', {
				batch_size: batchSize,
				lease_seconds: leaseSeconds
			});
			if (error) throw new Error(`claim_outbox_emails: ${error.message}`);
			return data;
		},
		async settle(results) {
			const { error } = await service.rpc('settle_outbox_emails', {
				results
			});
			if (error) throw new Error(`settle_outbox_emails: ${error.message}`);
		}
	};
}
