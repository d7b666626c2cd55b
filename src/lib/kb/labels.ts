// How the knowledge base's states read in the UI.
import type { Enums } from '$lib/supabase';

export const visibilityLabels: Record<Enums<'kb_visibility'>, string> = {
	public: 'Public',
	customers: 'Customers only',
	internal: 'Internal'
};

export const statusLabels: Record<Enums<'kb_article_status'>, string> = {
	draft: 'Draft',
	published: 'Published',
	archived: 'Archived'
};
