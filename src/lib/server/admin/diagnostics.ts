// The database's answers about a person's live updates, parsed into the shapes the page shows.
import { z } from 'zod';
import { deliveryCheck, diagnosis } from '$lib/admin/diagnostics';
import type { AppSupabaseClient } from '$lib/supabase';
import { failedLoad } from './database-errors';

/** A person named by id or email; null when nobody has that address. */
export async function findPersonId(supabase: AppSupabaseClient, idOrEmail: string) {
	if (z.uuid().safeParse(idOrEmail).success) return idOrEmail;
	const { data } = await supabase
		.from('profiles')
		.select('id')
		.eq('email', idOrEmail.trim().toLowerCase())
		.maybeSingle();
	return data?.id ?? null;
}

export async function diagnose(supabase: AppSupabaseClient, person: string) {
	const { data, error: failure } = await supabase.rpc('diagnose_person', { person });
	if (failure?.code === 'P0002') return null;
	if (failure) failedLoad(failure, 'Could not run the diagnostics.', 'diagnose_person');
	return diagnosis.parse(data);
}

export const checkDelivery = (supabase: AppSupabaseClient, person: string, ticket: number) =>
	supabase.rpc('check_delivery', { person, ticket });

export const parseDeliveryCheck = (data: unknown) => deliveryCheck.parse(data);
